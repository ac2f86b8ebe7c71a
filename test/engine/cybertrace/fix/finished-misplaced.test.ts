// Issue 11 item 7: a 5.x FinishedEventFormat directly under OutputSettings (the 5.0 HA page's path, REFERENCE 1.4.3 / 3.5 step 8).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChangesToFiles, planFixes } from '../../../../engine/cybertrace/fix/index.js';
import { observe, readInstanceConfig } from '../../../../engine/cybertrace/model/index.js';
import type { InstanceFiles } from '../../../../engine/cybertrace/model/types.js';
import { applyDriftEdits } from '../../../../lab/drift/apply-drift.js';
import { FINISHED_UNDER_OUTPUT_SETTINGS } from '../../../../lab/drift/drift-edits.js';
import { compareObservation } from '../../../../shared/requirements/compare/compare-observation.js';
import { REQUIREMENT_IDS } from '../../../../shared/requirements/ids.js';
import { CTX, generateInstanceFiles, labInstance, presentFile, readInstanceFiles } from '../model/lab-files.js';
import { side } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-finished-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (files: InstanceFiles): string => (files.serviceConf.present ? Buffer.from(files.serviceConf.bytes).toString('utf8') : '');
const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;
const req8 = (instance: InstanceFiles, reference: InstanceFiles) =>
  compareObservation(
    'req8',
    observe(readInstanceConfig(reference), reference, CTX).req8,
    observe(readInstanceConfig(instance), instance, CTX).req8,
    CTX,
  );

describe.each(['linux', 'windows'] as const)('5.1 %s: FinishedEventFormat under OutputSettings', (os) => {
  let reference: InstanceFiles;
  let drifted: InstanceFiles;
  beforeAll(async () => {
    reference = await generateInstanceFiles(dir, `ref-${os}`, os, '5.1');
    await generateInstanceFiles(dir, `moved-${os}`, os, '5.1');
    const instance = labInstance(`moved-${os}`, os, '5.1', join(dir, `moved-${os}`, 'root'));
    await applyDriftEdits(instance, 'FinishedEventFormat under OutputSettings', FINISHED_UNDER_OUTPUT_SETTINGS);
    drifted = await readInstanceFiles(instance);
  });

  it('the lab variant really moved it: one element, after </EventSettings>', () => {
    const conf = text(drifted);
    expect(count(conf, '<FinishedEventFormat ')).toBe(1);
    expect(conf.indexOf('<FinishedEventFormat ')).toBeGreaterThan(conf.indexOf('</EventSettings>'));
  });

  it('is detected as drift naming the page it follows and the REFERENCE section', () => {
    const result = req8(drifted, reference);
    expect(result.status).toBe('drift');
    expect(result.detail).toContain('Domains > Domain (General) > OutputSettings > FinishedEventFormat');
    expect(result.detail).toMatch(/215368.*REFERENCE 3\.5 step 8.*REFERENCE 1\.4\.3/);
  });

  it('is planned as a move, applied, re-audited clean and never duplicated', () => {
    const result = planFixes(side(drifted), side(reference), REQUIREMENT_IDS, CTX);
    const change = result.changes.find((entry) => entry.requirements.includes('req8'));
    expect(change?.requirements).toEqual(['req8']);
    expect(change?.semanticChanges.map((entry) => entry.kind).sort()).toEqual(['added', 'removed']);
    const fixed = applyChangesToFiles(drifted, result.changes);
    const conf = text(fixed);
    expect(count(conf, '<FinishedEventFormat ')).toBe(1);
    const at = conf.indexOf('<FinishedEventFormat ');
    expect(at).toBeGreaterThan(conf.indexOf('<EventSettings>'));
    expect(at).toBeLessThan(conf.indexOf('</EventSettings>'));
    expect(req8(fixed, reference).status).toBe('match');
    expect(planFixes(side(fixed), side(reference), ['req8'], CTX).changes).toEqual([]);
  });
});

describe('5.1 linux: FinishedEventFormat in both places', () => {
  it('keeps the documented one and removes the stray copy', async () => {
    const reference = await generateInstanceFiles(dir, 'ref-both', 'linux', '5.1');
    const twin = await generateInstanceFiles(dir, 'both', 'linux', '5.1');
    const conf = text(twin).replace(
      '</EventSettings>',
      '</EventSettings>\n<FinishedEventFormat enabled="false">stray</FinishedEventFormat>',
    );
    const both: InstanceFiles = { ...twin, serviceConf: presentFile(twin.serviceConf.path, new Uint8Array(Buffer.from(conf, 'utf8'))) };
    expect(req8(both, reference)).toMatchObject({ status: 'drift', detail: expect.stringContaining('215368') as string });
    const fixed = applyChangesToFiles(both, planFixes(side(both), side(reference), ['req8'], CTX).changes);
    expect(count(text(fixed), '<FinishedEventFormat ')).toBe(1);
    expect(text(fixed)).not.toContain('stray');
    expect(req8(fixed, reference).status).toBe('match');
  });
});
