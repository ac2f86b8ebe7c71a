// Issue 11 item 6: alerts are planned only when the project requires them (REFERENCE 3.5 step 9), and an
// instance without AlertFormat (no alerts sent, REFERENCE 1.4.2) gets the reference's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChangesToFiles, planFixes } from '../../../../engine/cybertrace/fix/index.js';
import type { InstanceFiles, ObserveContext } from '../../../../engine/cybertrace/model/types.js';
import { ALERT_FORMAT } from '../../../../lab/trees/reference-state.js';
import { CTX, generateInstanceFiles, presentFile } from '../model/lab-files.js';
import { side } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-alerts-fix-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (files: InstanceFiles): string => (files.serviceConf.present ? Buffer.from(files.serviceConf.bytes).toString('utf8') : '');
const edited = (files: InstanceFiles, edit: (conf: string) => string): InstanceFiles => ({
  ...files,
  serviceConf: presentFile(files.serviceConf.path, new Uint8Array(Buffer.from(edit(text(files)), 'utf8'))),
});
const FORMAT_LINE = `<AlertFormat>${ALERT_FORMAT}</AlertFormat>`;
const plan = (instance: InstanceFiles, reference: InstanceFiles, ctx: ObserveContext) =>
  planFixes(side(instance), side(reference), ['alerts'], ctx);

describe.each(['4.4', '5.1'] as const)('alerts fixes on %s linux', (version) => {
  let reference: InstanceFiles;
  let noFormat: InstanceFiles;
  let switchedOff: InstanceFiles;
  beforeAll(async () => {
    reference = await generateInstanceFiles(dir, `ref-${version}`, 'linux', version);
    noFormat = edited(await generateInstanceFiles(dir, `nofmt-${version}`, 'linux', version), (conf) => conf.replace(FORMAT_LINE, ''));
    switchedOff = await generateInstanceFiles(dir, `off-${version}`, 'linux', version, ['alerts']);
  });

  it('not-required plans nothing, whatever the instance has', () => {
    for (const instance of [noFormat, switchedOff]) {
      const result = plan(instance, reference, { ...CTX, alerts: 'not-required' });
      expect(result.changes).toEqual([]);
      expect(result.refusals).toEqual([]);
    }
  });

  it.each(['balancer', 'siem'] as const)('%s inserts the reference AlertFormat, and a second plan is empty', (alerts) => {
    const ctx = { ...CTX, alerts };
    expect(text(reference)).toContain(FORMAT_LINE);
    expect(text(noFormat)).not.toContain('<AlertFormat>');
    const result = plan(noFormat, reference, ctx);
    expect(result.refusals).toEqual([]);
    expect(result.changes).toHaveLength(1);
    const fixed = applyChangesToFiles(noFormat, result.changes);
    expect(text(fixed).split(`<AlertFormat>${ALERT_FORMAT}</AlertFormat>`).length).toBe(2);
    expect(plan(fixed, reference, ctx).changes).toEqual([]);
  });

  it.each(['balancer', 'siem'] as const)('%s switches a disabled AlertConnectionString back on', (alerts) => {
    const ctx = { ...CTX, alerts };
    expect(text(switchedOff)).not.toContain('<AlertConnectionString enabled="true">');
    const fixed = applyChangesToFiles(switchedOff, plan(switchedOff, reference, ctx).changes);
    expect(text(fixed)).toContain('<AlertConnectionString enabled="true">');
    expect(plan(fixed, reference, ctx).changes).toEqual([]);
  });
});
