import { versionLine } from '../../../lab/simulator/cli-args.js';
import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { generateHostTree } from '../../../lab/trees/host-tree.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import { BALANCER, MATRIX, labInstance, parseXml, root } from './fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-tree-'));
});

const OPTIONS = { balancer: BALANCER, simulatorPath: '/lab/simulator.js', nodePath: '/usr/bin/node' };

/** Walks a dotted path (`a.b.0.c`) through a parsed document. */
const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);

/** Where the HA items sit in each layout, below the root. */
const HA_PATHS = {
  '4.x': {
    defaultSource: 'InputSettings.RegExps.Source.0',
    input: 'InputSettings.ConnectionString',
    event: 'OutputSettings.EventFormat',
    finished: 'OutputSettings.FinishedEventFormat',
    alerts: 'OutputSettings.AlertConnectionString',
  },
  '5.x': {
    defaultSource: 'Domains.Domain.InputSettings.RegExps.Source',
    input: 'Domains.Domain.InputSettings.ConnectionString',
    event: 'Domains.Domain.OutputSettings.EventSettings.EventFormat',
    finished: 'Domains.Domain.OutputSettings.EventSettings.FinishedEventFormat',
    alerts: 'NotificationSettings.ServiceAlertsSettings.AlertConnectionString',
  },
} as const;

describe.each(MATRIX)('host tree $version on $os', ({ version, os }) => {
  const generate = async () => {
    const instance = labInstance(os, version, dir);
    await generateHostTree(instance, OPTIONS);
    const layout = hostTreeLayout(instance);
    const read = (hostPath: string): Promise<Buffer> => readFile(hostPathToLocal(instance, hostPath));
    return { instance, layout, read };
  };

  it('writes a well-formed service config with one root and the HA reference state at the documented paths', async () => {
    const { layout, read } = await generate();
    const [rootName, config] = root(parseXml(await read(layout.serviceConf)));
    expect(rootName).toBe('Configuration');
    const paths = HA_PATHS[version === '5.1' ? '5.x' : '4.x'];
    const source = at(config, paths.defaultSource);
    expect(at(source, '@id')).toBe('default');
    expect(at(source, 'REQ')).toEqual({ '#text': String.raw`^(\d+)\s`, '@type': 'CONTEXT' });
    expect(at(source, 'RE_MD5')).toEqual({
      '#text': String.raw`\b([\da-fA-F]{32})\b`,
      '@type': 'MD5',
      '@use_for_retroscan': 'true',
      '@extract': 'all',
    });
    expect(at(config, paths.input)).toBe('0.0.0.0:9999');
    expect(at(config, paths.event)).toBe('%REQ% category=%Category% matchedIndicator=%MatchedIndicator% %RecordContext%');
    expect(at(config, paths.finished)).toEqual({ '#text': '%REQ% LookupFinished', '@enabled': 'true' });
    expect(at(config, paths.alerts)).toEqual({ '#text': '127.0.0.10:9998', '@enabled': 'true' });
    expect(at(config, 'IoCExports.IoCExport.0.@name')).toBe('apt_hashes_weekly');
  });

  it('writes kl_feed_util.conf with the feeds, the folders and the certificate path', async () => {
    const { layout, read } = await generate();
    const [rootName, settings] = root(parseXml(await read(layout.feedUtilConf)));
    expect(rootName).toBe('Settings');
    const feeds = at(settings, 'Feeds.Feed') as { Name: string; '@enabled': string }[];
    expect(feeds.filter((feed) => feed['@enabled'] === 'true').map((feed) => feed.Name)).toEqual([
      'Malicious_URL_Data_Feed',
      'Phishing_URL_Data_Feed',
      'Botnet_CnC_URL_Data_Feed',
      'Malicious_Hash_Data_Feed',
      'IP_Reputation_Data_Feed',
    ]);
    expect(at(settings, 'CertFile')).toBe(layout.feedsCert);
    expect(at(settings, 'FeedsDir')).toBe(os === 'linux' ? '../feeds' : '..\\feeds');
  });

  it('stores text the way its OS does: CRLF on Windows with a BOM on the service config only, LF on Linux', async () => {
    const { layout, read } = await generate();
    const texts = [layout.serviceConf, layout.feedUtilConf, layout.feedsCert, layout.serviceLogConf, layout.webCert, layout.webKey];
    for (const hostPath of texts) {
      const bytes = await read(hostPath);
      const withBom = os === 'windows' && hostPath === layout.serviceConf;
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), hostPath).toBe(withBom);
      const text = bytes.toString('utf8');
      if (os === 'windows') expect(text.replace(/\r\n/g, ''), hostPath).not.toMatch(/[\r\n]/);
      else expect(text, hostPath).not.toContain('\r');
    }
  });

  it('ships real lab certificates: the web pair matches, the feeds certificate parses', async () => {
    const { layout, read } = await generate();
    const web = new X509Certificate(await read(layout.webCert));
    expect(web.subject).toContain('O=CyberTrace HA lab');
    expect(web.checkPrivateKey(createPrivateKey(await read(layout.webKey)))).toBe(true);
    expect(new X509Certificate(await read(layout.feedsCert)).subject).toContain('CN=Lab feeds certificate (reference)');
    expect((await read(layout.licenseKey)).subarray(0, 30).toString('latin1')).toBe('CyberTrace HA lab license key ');
  });

  it('creates the feeds and reports folders', async () => {
    const { instance, layout } = await generate();
    expect((await stat(hostPathToLocal(instance, layout.feedsDir))).isDirectory()).toBe(true);
    expect((await stat(hostPathToLocal(instance, layout.reportsDir))).isDirectory()).toBe(true);
  });
});

describe.each(['4.1', '4.4', '5.1'] as const)('Windows binaries of %s', (version) => {
  it(
    version === '4.1' ? 'are a placeholder .exe and kl_control.bat in bin' : 'are a placeholder .exe in bin, with no kl_control.bat',
    async () => {
      const instance = labInstance('windows', version, dir);
      await generateHostTree(instance, OPTIONS);
      const layout = hostTreeLayout(instance);
      const read = (hostPath: string): Promise<Buffer> => readFile(hostPathToLocal(instance, hostPath));
      expect((await read(layout.serviceBinary)).subarray(0, 2).toString('latin1')).toBe('MZ');
      if (version === '4.1') {
        expect(layout.controlScript).toBe('C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_control.bat');
        const bat = (await read(layout.controlScript ?? '')).toString('utf8');
        expect(bat.startsWith('@echo off\r\n')).toBe(true);
      } else {
        expect(layout.controlScript).toBeUndefined();
      }
    },
  );
});

describe('the Linux launcher', () => {
  it('is executable and starts the simulator with the bin folder and every argument', async () => {
    // A quote and a space in the path prove the launcher's quoting.
    const simulatorDir = join(dir, "it's a simulator");
    await mkdir(simulatorDir);
    const simulatorPath = join(simulatorDir, 'sim.mjs');
    await writeFile(simulatorPath, 'process.stdout.write(JSON.stringify(process.argv.slice(2)));\n');
    const instance = labInstance('linux', '4.4', join(dir, 'root'));
    await generateHostTree(instance, { balancer: BALANCER, simulatorPath, nodePath: process.execPath });
    const launcher = hostPathToLocal(instance, '/opt/kaspersky/ktfs/bin/kl_feed_service');
    expect((await stat(launcher)).mode & 0o777).toBe(0o755);
    const { stdout } = await promisify(execFile)(launcher, ['-c', '../etc/kl_feed_service.conf', '-w']);
    // The host's version goes along, so `kl_feed_service -v` on the host states it (REFERENCE 2.1).
    expect(JSON.parse(stdout)).toEqual([
      '--bin-dir',
      hostPathToLocal(instance, '/opt/kaspersky/ktfs/bin'),
      '--lab-version',
      '4.4',
      '-c',
      '../etc/kl_feed_service.conf',
      '-w',
    ]);
    // `-v` alone is answered by the launcher itself (the stand-in simulator would print its argv instead).
    const version = await promisify(execFile)(launcher, ['-v']);
    expect(version.stdout).toBe(`${versionLine('4.4')}\n`);
  });
});
