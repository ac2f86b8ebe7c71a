import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstanceConfig } from '../../../../engine/cybertrace/model/index.js';
import type { InstanceFiles } from '../../../../engine/cybertrace/model/types.js';
import { ConfigXmlError } from '../../../../engine/cybertrace/xml/index.js';
import { MATRIX, generateInstanceFiles, presentFile } from './lab-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The service conf's text with one fragment replaced (the file must contain it). */
function withServiceText(files: InstanceFiles, edit: (text: string) => string): InstanceFiles {
  if (!files.serviceConf.present) throw new Error('no service conf');
  const text = Buffer.from(files.serviceConf.bytes).toString('utf8');
  const edited = edit(text);
  if (edited === text) throw new Error('edit changed nothing');
  return { ...files, serviceConf: presentFile(files.serviceConf.path, Buffer.from(edited, 'utf8')) };
}

describe.each(MATRIX)('readInstanceConfig on $version $os', ({ version, os }) => {
  let files: InstanceFiles;
  beforeAll(async () => {
    files = await generateInstanceFiles(dir, `ref-${version}-${os}`, os, version);
  });

  it('recognises the layout and the General tenant and locates every fact', () => {
    const config = readInstanceConfig(files);
    if (!config.service.known || !config.feedUtil.known) throw new Error('expected both files read');
    const service = config.service.model;
    const v5 = version === '5.1';
    expect(service.layout).toBe(v5 ? '5.x' : '4.x');
    expect(service.layoutNote).toMatch(v5 ? /Domain name="General"/ : /InputSettings under the root/);
    expect(service.tenant.name).toBe(v5 ? 'Domain' : 'Configuration');
    expect(service.regexSources.map((source) => source.id)).toEqual(
      v5 ? ['default'] : ['default', 'http_single_lookup', 'http_file_lookup'],
    );
    expect(service.inputConnection).toBe('0.0.0.0:9999');
    expect(service.formats.EventFormat.element?.path).toBe(
      v5 ? 'Configuration/Domains/Domain/OutputSettings/EventSettings/EventFormat' : 'Configuration/OutputSettings/EventFormat',
    );
    expect(service.formats.RecordFieldContextFormat.element?.path).toBe(
      v5 ? 'Configuration/Domains/Domain/OutputSettings/RecordFieldContextFormat' : 'Configuration/OutputSettings/RecordFieldContextFormat',
    );
    expect(service.finishedEventFormat.element?.path).toBe(
      v5
        ? 'Configuration/Domains/Domain/OutputSettings/EventSettings/FinishedEventFormat'
        : 'Configuration/OutputSettings/FinishedEventFormat',
    );
    expect(service.alertConnection.element?.path).toBe(
      v5
        ? 'Configuration/NotificationSettings/ServiceAlertsSettings/AlertConnectionString'
        : 'Configuration/OutputSettings/AlertConnectionString',
    );
    expect(service.exportTasks.map((task) => task.attributes.find((a) => a.name === 'name')?.value)).toEqual([
      'apt_hashes_weekly',
      'botnet_cnc_urls',
    ]);
    expect(service.tenantFeeds?.list.length).toBe(v5 ? 7 : undefined);
    expect(service.topLevelFeeds).toBeUndefined();
    expect(service.feedUtilConfigurationPath).toBe(os === 'linux' ? '../etc/kl_feed_util.conf' : 'kl_feed_util.conf');
    const util = config.feedUtil.model;
    expect(util.list.map((feed) => [feed.name, feed.state])).toContainEqual(['Ransomware_URL_Data_Feed', 'false']);
    expect(util.certFile).toBe(files.certificate?.path);
  });

  it.runIf(version === '5.1')('takes the first Domain as the General tenant when none is named General, and says so', () => {
    const config = readInstanceConfig(
      withServiceText(files, (text) => text.replace('<Domain name="General" id="1">', '<Domain name="Main" id="1">')),
    );
    if (!config.service.known) throw new Error(config.service.reason);
    expect(config.service.model.layout).toBe('5.x');
    expect(config.service.model.layoutNote).toContain('the first Domain (name="Main")');
  });

  it.runIf(version === '5.1')('takes the Domain named General even when another tenant comes first', () => {
    const config = readInstanceConfig(
      withServiceText(files, (text) =>
        text.replace(
          '<Domains>',
          '<Domains>\n    <Domain name="Tenant1" id="2"><InputSettings><RegExps><Source id="default"/></RegExps></InputSettings></Domain>',
        ),
      ),
    );
    if (!config.service.known) throw new Error(config.service.reason);
    expect(config.service.model.tenant.path).toBe('Configuration/Domains/Domain[2]');
    expect(config.service.model.regexSources[0]?.rules.map((rule) => rule.name)[0]).toBe('REQ');
  });

  it('leaves the service model unknown when the layout is not recognised', () => {
    const config = readInstanceConfig(
      withServiceText(files, (text) =>
        text
          .replace(/<InputSettings>/, '<InputSettingsX>')
          .replace(/<\/InputSettings>/, '</InputSettingsX>')
          .replace(/<Domain /, '<DomainX ')
          .replace(/<\/Domain>/, '</DomainX>'),
      ),
    );
    expect(config.service).toEqual({ known: false, reason: expect.stringMatching(/layout not recognised/) as unknown });
    expect(config.feedUtil.known).toBe(true);
  });

  it('leaves a file that was not read unknown with its reason', () => {
    const config = readInstanceConfig({
      ...files,
      feedUtilConf: { path: '/x/kl_feed_util.conf', present: false, reason: 'permission denied' },
    });
    expect(config.feedUtil).toEqual({ known: false, reason: 'kl_feed_util.conf not read (/x/kl_feed_util.conf): permission denied' });
  });

  it('throws ConfigXmlError naming the file when it is not well-formed', () => {
    const broken = withServiceText(files, (text) => text.replace('</OutputSettings>', '</OutputSetting>'));
    expect(() => readInstanceConfig(broken)).toThrow(ConfigXmlError);
    try {
      readInstanceConfig(broken);
    } catch (error) {
      expect((error as ConfigXmlError).label).toBe(files.serviceConf.path);
      expect((error as ConfigXmlError).code).toBe('not-well-formed');
    }
  });
});
