import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigProblem } from '../../../lab/simulator/config-error.js';
import { loadConfigFile } from '../../../lab/simulator/config-file.js';
import { fixtureText, writeConfig } from './fixtures.js';

const load = async (text: string) => loadConfigFile(await writeConfig(text));
const refusal = async (text: string): Promise<{ problem: ConfigProblem; message: string }> => {
  const error: unknown = await load(text).then(
    () => new Error('expected a refusal'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof ConfigError)) throw error;
  return { problem: error.problem, message: error.message };
};

describe('reading kl_feed_service.conf', () => {
  it('4.x: the General tenant at the top level', async () => {
    const config = await load(
      fixtureText('4x', { input: '0.0.0.0:9999', output: '127.0.0.1:9998', alerts: true, alert: '127.0.0.2:9000', finished: true }),
    );
    expect(config).toMatchObject({
      layout: '4.x',
      tenant: 'General',
      input: { host: '0.0.0.0', port: 9999 },
      output: { kind: 'tcp', host: '127.0.0.1', port: 9998 },
      eventFormat: '%REQ% category=%Category% matchedIndicator=%MatchedIndicator%%RecordContext%',
      recordFieldFormat: '%ParamName%=%ParamValue%',
      finished: { format: '%REQ% LookupFinished%RecordContext%', enabled: true },
      alerts: {
        target: { host: '127.0.0.2', port: 9000 },
        format: '%Date% alert=%Alert%%RecordContext%',
        fieldFormat: '%ParamName%=%ParamValue%',
      },
    });
    expect([...config.rules.ruleNames]).toEqual(['REQ', 'RE_URL', 'RE_IP', 'RE_MD5', 'RE_SHA256']);
    expect(config.rules.defaultSource.rules[0]).toMatchObject({ name: 'REQ', type: 'CONTEXT', extractAll: false });
  });

  it('5.x: Domains/Domain named General (not the first), EventSettings, NotificationSettings', async () => {
    const config = await load(fixtureText('5x', { input: '0.0.0.0:9999', alerts: true, alert: '127.0.0.2:9000' }));
    expect(config).toMatchObject({
      layout: '5.x',
      tenant: 'General',
      input: { port: 9999 },
      eventFormat: '%REQ% category=%Category% source=%SourceId% url=%RE_URL%%RecordContext%',
      recordFieldFormat: '%ParamName%:%ParamValue%',
      finished: { enabled: false },
      alerts: { target: { host: '127.0.0.2', port: 9000 }, fieldFormat: '%ParamName%=%ParamValue%' },
    });
  });

  it('alerts are off unless AlertConnectionString is enabled="true" and AlertFormat exists', async () => {
    expect((await load(fixtureText('4x', { alerts: false }))).alerts).toBeUndefined();
    expect((await load(fixtureText('4x', { alerts: true }).replace(/<AlertFormat>.*<\/AlertFormat>/, ''))).alerts).toBeUndefined();
  });

  it('FinishedEventFormat is optional, read only where the layout puts it, and needs enabled (not enable)', async () => {
    expect((await load(fixtureText('4x').replace(/<FinishedEventFormat.*<\/FinishedEventFormat>/, ''))).finished).toBeUndefined();
    const misplaced = fixtureText('5x')
      .replace(/<FinishedEventFormat.*<\/FinishedEventFormat>/, '')
      .replace('<RecordFieldContextFormat>', '<FinishedEventFormat enabled="true">x</FinishedEventFormat><RecordFieldContextFormat>');
    expect((await load(misplaced)).finished).toBeUndefined();
    const typo = fixtureText('4x').replace('FinishedEventFormat enabled="false"', 'FinishedEventFormat enable="true"');
    expect((await load(typo)).finished?.enabled).toBe(false);
  });

  it('refuses a missing mandatory element, naming its path', async () => {
    const cases: [string, string][] = [
      [fixtureText('4x').replace('<ConnectionString>127.0.0.1:0</ConnectionString>', ''), 'InputSettings/ConnectionString'],
      [fixtureText('4x').replace('<ConnectionString>127.0.0.1:9</ConnectionString>', ''), 'OutputSettings/ConnectionString'],
      [fixtureText('4x').replace(/<EventFormat>.*<\/EventFormat>/, ''), 'OutputSettings/EventFormat'],
      [
        fixtureText('4x').replace(/<RecordFieldContextFormat>.*<\/RecordFieldContextFormat>/, ''),
        'OutputSettings/RecordFieldContextFormat',
      ],
      [
        fixtureText('5x').replace(/<EventFormat>%REQ%.*<\/EventFormat>/, ''),
        'Domains/Domain[@name="General"]/OutputSettings/EventSettings/EventFormat',
      ],
      ['<r><Domains/></r>', 'InputSettings'],
    ];
    for (const [text, path] of cases) {
      const { problem, message } = await refusal(text);
      expect(problem, path).toBe('missing-element');
      expect(message).toContain(`mandatory element ${path} is missing`);
    }
  });

  it('refuses values it cannot use', async () => {
    expect((await refusal(fixtureText('4x', { input: '300.0.0.1:9999' }))).message).toContain(
      'InputSettings/ConnectionString: expected ip:port',
    );
    expect((await refusal(fixtureText('4x', { input: String.raw`\\.\pipe\ct` }))).message).toContain('named pipes are not supported');
    expect((await refusal(fixtureText('4x').replace('<REQ type="CONTEXT">', '<REQ type="EMAIL">'))).message).toContain(
      'REQ: unknown type "EMAIL"',
    );
    expect((await refusal(fixtureText('4x').replace(String.raw`^(\d+)\s`, '^(\\d+'))).message).toMatch(/REQ: regex not supported/);
    const pipeOutput = await load(fixtureText('4x', { output: String.raw`\\.\pipe\siem` }));
    expect(pipeOutput.output).toEqual({ kind: 'pipe', name: 'siem' });
    expect(pipeOutput.warnings.join('\n')).toContain('named pipes are not supported');
  });

  it('refuses a missing or undecodable file, naming it', async () => {
    const missing = await loadConfigFile('/nonexistent/kl_feed_service.conf').catch((error: unknown) => error);
    expect(missing).toMatchObject({ problem: 'missing', message: '/nonexistent/kl_feed_service.conf: file not found' });
    const latin1 = await loadConfigFile(await writeConfig(Buffer.from('<r>caf\xe9</r>', 'latin1'))).catch((error: unknown) => error);
    expect(latin1).toMatchObject({ problem: 'malformed', message: expect.stringContaining('not valid UTF-8') as unknown });
  });

  it('refuse-start: refuses when the SHA-256 differs from the recorded one', async () => {
    const text = fixtureText('4x');
    const path = await writeConfig(text);
    const hash = createHash('sha256').update(text).digest('hex');
    await expect(loadConfigFile(path, { refuseIfChangedFrom: hash })).resolves.toMatchObject({ layout: '4.x' });
    await expect(loadConfigFile(path, { refuseIfChangedFrom: '0'.repeat(64) })).rejects.toMatchObject({ problem: 'changed' });
  });
});
