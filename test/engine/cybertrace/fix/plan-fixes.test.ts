import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SET_ASIDE_SUFFIX, applyChangesToFiles, planFixes } from '../../../../engine/cybertrace/fix/index.js';
import type { InstanceFiles } from '../../../../engine/cybertrace/model/types.js';
import { DRIFT_PRESETS } from '../../../../lab/spec.js';
import { REQUIREMENT_IDS } from '../../../../shared/requirements/ids.js';
import { CTX, MATRIX, PRESET_REQUIREMENT, generateInstanceFiles } from '../model/lab-files.js';
import { ALL_MATCH, beforeBytes, bytesOutsideEditsProblem, side, statuses } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-fix-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan = (instance: InstanceFiles, reference: InstanceFiles, ctx = CTX) =>
  planFixes(side(instance), side(reference), REQUIREMENT_IDS, ctx);
const req3Only = [
  {
    requirement: 'req3',
    reason: expect.stringMatching(/^not fixed: feeds identical; .*indicators/) as unknown,
    manual: expect.any(String) as unknown,
  },
];

describe.each(MATRIX)('planFixes on $version $os', ({ version, os }) => {
  let reference: InstanceFiles;
  beforeAll(async () => {
    reference = await generateInstanceFiles(dir, `ref-${version}-${os}`, os, version);
  });

  it('plans nothing for a consistent instance (only the unreadable indicators are refused)', async () => {
    const twin = await generateInstanceFiles(dir, `twin-${version}-${os}`, os, version);
    const result = plan(twin, reference);
    expect(result.changes).toEqual([]);
    expect(result.refusals).toEqual(req3Only);
  });

  it.each(DRIFT_PRESETS)(
    'fixes preset %s exactly: all findings match after, bytes outside the edits kept, a second plan is empty',
    async (preset) => {
      const drifted = await generateInstanceFiles(dir, `${preset}-${version}-${os}`, os, version, [preset]);
      const requirement = PRESET_REQUIREMENT[preset];
      const result = plan(drifted, reference);
      expect(result.refusals).toEqual(req3Only);
      expect(result.changes.length).toBeGreaterThan(0);
      for (const change of result.changes) {
        expect(change.requirements).toEqual([requirement]);
        if (change.kind === 'edit') {
          expect(bytesOutsideEditsProblem(beforeBytes(drifted, change), change)).toBeUndefined();
          expect(change.restart).toBe(change.path === drifted.serviceConf.path);
          expect(change.unifiedDiff).toContain('@@');
        }
      }

      const fixed = applyChangesToFiles(drifted, result.changes);
      expect(statuses(reference, fixed)).toEqual(ALL_MATCH);
      expect(plan(fixed, reference).changes).toEqual([]);
      // The single code path for preview and apply: byte-identical output from the same input.
      expect(plan(drifted, reference)).toEqual(result);
    },
  );

  it('merges several requirements editing one file into one change and fixes them all', async () => {
    const presets = ['req-regex', 'req-type', 'event-format', 'finished-absent', 'export-tasks', 'alerts', 'feeds'] as const;
    const drifted = await generateInstanceFiles(dir, `mix-${version}-${os}`, os, version, [...presets]);
    const result = plan(drifted, reference);
    expect(result.refusals).toEqual(req3Only);
    const serviceChanges = result.changes.filter((change) => change.path === drifted.serviceConf.path);
    expect(serviceChanges).toHaveLength(1);
    expect(serviceChanges[0]?.requirements).toEqual(
      version === '5.1' ? ['req2', 'req5', 'req6', 'req7', 'req8', 'alerts'] : ['req5', 'req6', 'req7', 'req8', 'alerts'],
    );
    const serviceChange = serviceChanges[0];
    if (serviceChange) expect(bytesOutsideEditsProblem(beforeBytes(drifted, serviceChange), serviceChange)).toBeUndefined();
    const utilChange = result.changes.find((change) => change.path === drifted.feedUtilConf.path);
    expect(utilChange?.restart).toBe(false);
    const fixed = applyChangesToFiles(drifted, result.changes);
    expect(statuses(reference, fixed)).toEqual(ALL_MATCH);
    expect(plan(fixed, reference).changes).toEqual([]);
  });

  it("copies the reference certificate byte for byte to the instance's own CertFile, without restart", async () => {
    const drifted = await generateInstanceFiles(dir, `cert-${version}-${os}`, os, version, ['certificate']);
    const [change, ...rest] = plan(drifted, reference).changes;
    expect(rest).toEqual([]);
    expect(change?.kind).toBe('copy');
    expect(change?.path).toBe(drifted.certificate?.path);
    expect(
      Buffer.from(change?.afterBytes ?? []).equals(Buffer.from(reference.certificate?.present ? reference.certificate.bytes : [])),
    ).toBe(true);
    expect(change?.restart).toBe(false);
    expect(change?.beforeSha256).toBe(drifted.certificate?.present ? drifted.certificate.sha256 : 'x');
  });

  it('sets a differing key aside (never deletes it) before copying the reference key under the freed name', async () => {
    const drifted = await generateInstanceFiles(dir, `lic-${version}-${os}`, os, version, ['license']);
    const key = drifted.licenseDir.keys[0];
    const refKey = reference.licenseDir.keys[0];
    if (!key?.present || !refKey?.present) throw new Error('expected one key on each side');
    const changes = plan(drifted, reference).changes;
    expect(changes.map((change) => [change.kind, change.path, change.newPath, change.restart])).toEqual([
      ['set-aside', key.path, `${key.path}${SET_ASIDE_SUFFIX}`, true],
      ['copy', key.path, undefined, true],
    ]);
    expect(Buffer.from(changes[0]?.afterBytes ?? []).equals(Buffer.from(key.bytes))).toBe(true);
    expect(changes[1]?.afterSha256).toBe(refKey.sha256);
  });
});
