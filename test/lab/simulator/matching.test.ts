import { describe, expect, it } from 'vitest';
import { boostToJs } from '../../../lab/simulator/boost-regex.js';
import { loadConfigFile } from '../../../lab/simulator/config-file.js';
import { DEMO_INDICATORS } from '../../../lab/simulator/demo-feed.js';
import { processEvent } from '../../../lab/simulator/event-processor.js';
import type { FeedServiceConfig } from '../../../lab/simulator/feed-config.js';
import { formatEventDate } from '../../../lab/simulator/placeholders.js';
import { fixtureText, writeConfig, type FixtureLayout } from './fixtures.js';

const NOW = new Date(2024, 3, 6, 9, 5, 41);
const config = async (layout: FixtureLayout, edit: (text: string) => string = (text) => text): Promise<FeedServiceConfig> =>
  loadConfigFile(await writeConfig(edit(fixtureText(layout))));
const run = (cfg: FeedServiceConfig, event: string, finished = false, peer = '127.0.0.1'): string[] =>
  processEvent(cfg, event, peer, finished, NOW);

const URL_CONTEXT = ' mask=demo-botnet-cnc.example/gate.php threat=Backdoor.Win32.Demo.a popularity=1 first_seen=01.01.2024 00:00';
const IP_CONTEXT = ' ip=192.0.2.100 threat_score=75 threat_type=spam geo=zz';

describe('matching an event', () => {
  it('extracts REQ with ^(\\d+)\\s and puts it first; formats URL and IP detections with %RecordContext%', async () => {
    const cfg = await config('4x');
    expect(run(cfg, `42 GET ${DEMO_INDICATORS.url} from ${DEMO_INDICATORS.ip}`)).toEqual([
      `42 category=Demo_Botnet_CnC_URL matchedIndicator=demo-botnet-cnc.example/gate.php${URL_CONTEXT}`,
      `42 category=Demo_IP_Reputation matchedIndicator=192.0.2.100${IP_CONTEXT}`,
    ]);
  });

  it('detects the demo hashes by type (MD5, SHA256) and by HASH length (SHA1)', async () => {
    const md5 = run(await config('4x'), `7 file ${DEMO_INDICATORS.md5.toUpperCase()} and ${DEMO_INDICATORS.sha256}`);
    expect(md5.map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([
      `7 category=Demo_Malicious_Hash matchedIndicator=${DEMO_INDICATORS.md5}`,
      `7 category=Demo_Malicious_Hash matchedIndicator=${DEMO_INDICATORS.sha256}`,
    ]);
    const { md5: m, sha1: s1, sha256: s256 } = DEMO_INDICATORS;
    expect(run(await config('5x'), `8 sha1 ${s1}`)).toEqual([
      `8 category=Demo_Malicious_Hash source=default url= MD5:${m} SHA1:${s1} SHA256:${s256} file_size:34 threat:HEUR:Trojan.Win32.Demo.gen`,
    ]);
  });

  it('renders a rule placeholder with its value, empty when the rule found nothing, and leaves unknown names', async () => {
    const cfg = await config('5x', (text) => text.replace('url=%RE_URL%', 'url=%RE_URL% nope=%Nope%'));
    expect(run(cfg, `1 ${DEMO_INDICATORS.url}`)[0]).toBe(
      `1 category=Demo_Botnet_CnC_URL source=default url=${DEMO_INDICATORS.url} nope=%Nope%${URL_CONTEXT.replaceAll('=', ':')}`,
    );
    // No REQ match: %REQ% renders empty, so the line starts with the space after it.
    expect(run(cfg, `GET ${DEMO_INDICATORS.url}`)[0]).toMatch(/^ category=Demo_Botnet_CnC_URL /);
  });

  it('expands placeholders once: a value containing %Category% stays as sent', async () => {
    const cfg = await config('4x', (text) => text.replace(String.raw`^(\d+)\s`, String.raw`^(\S+)\s`));
    expect(run(cfg, `%Category% ${DEMO_INDICATORS.ip}`)[0]).toMatch(/^%Category% category=Demo_IP_Reputation /);
  });

  it('extract="all" yields a detection per match; "first" (the default) one', async () => {
    const twice = `5 ${DEMO_INDICATORS.ip} again ${DEMO_INDICATORS.ip}`;
    expect(run(await config('4x'), twice)).toHaveLength(2);
    expect(run(await config('4x', (text) => text.replace('<RE_IP type="IP" extract="all">', '<RE_IP type="IP">')), twice)).toHaveLength(1);
  });

  it('uses capture group 1 when there is one, else the whole match', async () => {
    const cfg = await config('4x', (text) => text.replace(String.raw`^(\d+)\s`, String.raw`\d{3}`));
    expect(run(cfg, `x 12345 ${DEMO_INDICATORS.ip}`)[0]).toMatch(/^123 category=/);
  });

  it('applies the Source whose ip is the peer first, falling back to default rules of the same name', async () => {
    const cfg = await config('4x', (text) =>
      text
        .replace(
          '<Source id="http_single_lookup">',
          '<Source id="fw" ip="127.0.0.7"><REQ>^FW(\\d+)</REQ></Source><Source id="http_single_lookup">',
        )
        .replace('%REQ% category', '%REQ% src=%SourceId% category'),
    );
    expect(run(cfg, `FW5 ${DEMO_INDICATORS.ip}`, false, '127.0.0.7')[0]).toMatch(/^5 src=fw category=/);
    expect(run(cfg, `9 ${DEMO_INDICATORS.ip}`, false, '127.0.0.7')[0]).toMatch(/^9 src=fw category=/);
    expect(run(cfg, `FW5 ${DEMO_INDICATORS.ip}`, false, '127.0.0.8')[0]).toMatch(/^ src=default category=/);
  });

  it('finished event: LookupFinished with sent_events and total per category, also with no detection', async () => {
    const cfg = await config('4x');
    const lines = run(cfg, `42 ${DEMO_INDICATORS.url} ${DEMO_INDICATORS.ip} ${DEMO_INDICATORS.ip}`, true);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('42 LookupFinished category=LookupFinished sent_events=3 total=Demo_Botnet_CnC_URL:1;Demo_IP_Reputation:2;');
    expect(run(cfg, '43 nothing to see', true)).toEqual(['43 LookupFinished category=LookupFinished sent_events=0 total=']);
    expect(run(cfg, '43 nothing to see', false)).toEqual([]);
    const absent = await config('4x', (text) => text.replace(/<FinishedEventFormat.*<\/FinishedEventFormat>/, ''));
    expect(run(absent, '43 nothing', true)).toEqual([]);
  });

  it('%Date% is Mon DD HH:MM:SS in local time', () => {
    expect(formatEventDate(NOW)).toBe('Apr 06 09:05:41');
  });

  it('rewrites the Boost forms JS lacks', () => {
    expect(boostToJs('(?i)^abc')).toEqual({ source: '^abc', flags: 'i' });
    expect(boostToJs(String.raw`\Aid=[[:digit:]]+\z`)).toEqual({ source: '^id=[0-9]+$', flags: '' });
    expect(boostToJs(String.raw`a\\A`).source).toBe(String.raw`a\\A`);
  });
});
