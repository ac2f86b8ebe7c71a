import { X509Certificate } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyDrift } from '../../../lab/drift/apply-drift.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { DRIFT_PRESETS, type DriftPreset, type LabVersion } from '../../../lab/spec.js';
import { generateHostTree } from '../../../lab/trees/host-tree.js';
import { hostTreeLayout, type HostTreeLayout } from '../../../lab/trees/tree-layout.js';
import { BALANCER, MATRIX, flatten, labInstance, leafDiff, parseXml, root, snapshot } from './fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-drift-'));
});

const OPTIONS = { balancer: BALANCER, simulatorPath: '/lab/simulator.js', nodePath: '/usr/bin/node' };
type Diff = Record<string, [string | undefined, string | undefined]>;

/** What each preset must change: the files, and the parsed leaves of the two XML configs (below their roots). */
function expected(version: LabVersion, preset: DriftPreset): { files: (keyof HostTreeLayout)[]; serviceConf?: Diff; feedUtilConf?: Diff } {
  const v5 = version === '5.1';
  const req = v5 ? 'Domains.Domain.InputSettings.RegExps.Source.REQ' : 'InputSettings.RegExps.Source.0.REQ';
  const events = v5 ? 'Domains.Domain.OutputSettings.EventSettings' : 'OutputSettings';
  const alerts = v5 ? 'NotificationSettings.ServiceAlertsSettings.AlertConnectionString' : 'OutputSettings.AlertConnectionString';
  const regex = String.raw`^(\d+)\s`;
  switch (preset) {
    case 'feeds':
      return v5
        ? {
            files: ['serviceConf', 'feedUtilConf'],
            feedUtilConf: { 'Feeds.Feed.6.@enabled': ['false', 'true'] },
            serviceConf: { 'Domains.Domain.Feeds.Feed.6.@used': ['false', 'true'] },
          }
        : { files: ['feedUtilConf'], feedUtilConf: { 'Feeds.Feed.6.@enabled': ['false', 'true'] } };
    case 'req-missing':
      return { files: ['serviceConf'], serviceConf: { [`${req}.#text`]: [regex, undefined], [`${req}.@type`]: ['CONTEXT', undefined] } };
    case 'req-regex':
      return { files: ['serviceConf'], serviceConf: { [`${req}.#text`]: [regex, String.raw`^(\d+):`] } };
    case 'req-type':
      return { files: ['serviceConf'], serviceConf: { [`${req}.@type`]: ['CONTEXT', 'URL'] } };
    case 'event-format':
      return {
        files: ['serviceConf'],
        serviceConf: {
          [`${events}.EventFormat`]: [
            '%REQ% category=%Category% matchedIndicator=%MatchedIndicator% %RecordContext%',
            'category=%Category% matchedIndicator=%MatchedIndicator% %RecordContext%',
          ],
        },
      };
    case 'finished-disabled':
      return { files: ['serviceConf'], serviceConf: { [`${events}.FinishedEventFormat.@enabled`]: ['true', 'false'] } };
    case 'finished-absent':
      return {
        files: ['serviceConf'],
        serviceConf: {
          [`${events}.FinishedEventFormat.#text`]: ['%REQ% LookupFinished', undefined],
          [`${events}.FinishedEventFormat.@enabled`]: ['true', undefined],
        },
      };
    case 'export-tasks':
      return { files: ['serviceConf'], serviceConf: { 'IoCExports.IoCExport.0.Filter.1.@value': ['%NOW%-7', '%NOW%-30'] } };
    case 'license':
      return { files: ['licenseKey'] };
    case 'certificate':
      return { files: ['feedsCert'] };
    case 'alerts':
      return { files: ['serviceConf'], serviceConf: { [`${alerts}.@enabled`]: ['true', 'false'] } };
  }
}

const leaves = (bytes: Buffer | undefined): Map<string, string> => flatten(root(parseXml(bytes ?? Buffer.alloc(0)))[1]);

describe.each(MATRIX)('drift on $version $os', ({ version, os }) => {
  it.each(DRIFT_PRESETS)('%s changes exactly its place and keeps each file well-formed in its own style', async (preset) => {
    const instance = labInstance(os, version, join(dir, 'applied'));
    await generateHostTree(instance, OPTIONS);
    const layout = hostTreeLayout(instance);
    const local = (key: keyof HostTreeLayout): string => relative(instance.rootDir, hostPathToLocal(instance, String(layout[key])));
    const before = await snapshot(instance.rootDir);
    await applyDrift(instance, preset);
    const after = await snapshot(instance.rootDir);

    const want = expected(version, preset);
    const changed = [...after.keys()].filter((path) => !after.get(path)?.equals(before.get(path) ?? Buffer.alloc(0)));
    expect(changed.sort()).toEqual(want.files.map(local).sort());
    for (const key of ['serviceConf', 'feedUtilConf'] as const) {
      const path = local(key);
      expect(leafDiff(leaves(before.get(path)), leaves(after.get(path))), key).toEqual(want[key] ?? {});
      const text = after.get(path)?.toString('utf8') ?? '';
      expect(text.startsWith('\uFEFF'), `${key} BOM`).toBe(os === 'windows' && key === 'serviceConf');
      expect(os === 'windows' ? text.replace(/\r\n/g, '').includes('\n') : text.includes('\r'), `${key} line endings`).toBe(false);
    }
    if (preset === 'certificate') {
      const cert = after.get(local('feedsCert'));
      expect(new X509Certificate(cert ?? '').subject).toContain('CN=Lab feeds certificate (drifted)');
      expect(cert?.toString('utf8').includes('\r\n')).toBe(os === 'windows');
    }

    // Generating with the preset gives the same bytes as applying it afterwards.
    const generated = labInstance(os, version, join(dir, 'generated'), { drift: [preset] });
    await generateHostTree(generated, OPTIONS);
    expect(await snapshot(generated.rootDir)).toEqual(after);
  });
});

describe('drift that does not fit', () => {
  it('refuses a preset applied twice and leaves the tree as it was', async () => {
    const instance = labInstance('windows', '5.1', dir);
    await generateHostTree(instance, OPTIONS);
    await applyDrift(instance, 'feeds');
    const before = await snapshot(dir);
    await expect(applyDrift(instance, 'feeds')).rejects.toThrow(
      'drift "feeds" does not fit ct1:C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_util.conf: expected exactly one',
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  it('refuses req-regex after req-missing, but seeds req-regex and req-type together', async () => {
    const missing = labInstance('linux', '4.4', join(dir, 'a'), { drift: ['req-missing', 'req-regex'] });
    await expect(generateHostTree(missing, OPTIONS)).rejects.toThrow(
      'drift "req-regex" does not fit ct1:/opt/kaspersky/ktfs/etc/kl_feed_service.conf',
    );
    const both = labInstance('linux', '4.4', join(dir, 'b'), { drift: ['req-regex', 'req-type'] });
    await generateHostTree(both, OPTIONS);
    const config = root(parseXml((await snapshot(both.rootDir)).get('opt/kaspersky/ktfs/etc/kl_feed_service.conf') ?? Buffer.alloc(0)))[1];
    expect(flatten(config).get('InputSettings.RegExps.Source.0.REQ.#text')).toBe(String.raw`^(\d+):`);
    expect(flatten(config).get('InputSettings.RegExps.Source.0.REQ.@type')).toBe('URL');
  });
});
