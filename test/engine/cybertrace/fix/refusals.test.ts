import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChangesToFiles, planFixes } from '../../../../engine/cybertrace/fix/index.js';
import { mergeFileEdits } from '../../../../engine/cybertrace/fix/merge-file-edits.js';
import { readInstanceConfig } from '../../../../engine/cybertrace/model/index.js';
import type { FileChange, InstanceFiles } from '../../../../engine/cybertrace/model/types.js';
import { findPath } from '../../../../engine/cybertrace/xml/index.js';
import { REQUIREMENT_IDS } from '../../../../shared/requirements/ids.js';
import { CTX, generateInstanceFiles, presentFile } from '../model/lab-files.js';
import { ALL_MATCH, beforeBytes, bytesOutsideEditsProblem, side, statuses } from './helpers.js';

let dir: string;
let reference: InstanceFiles;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-refuse-'));
  reference = await generateInstanceFiles(dir, 'ref', 'windows', '5.1');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan = (instance: InstanceFiles, ref: InstanceFiles, ctx = CTX) => planFixes(side(instance), side(ref), REQUIREMENT_IDS, ctx);

describe('a reference off the documented values', () => {
  it('is flagged for its bad REQ rule; instances as documented match, instances with its mistake are fixed to the documented rule', async () => {
    const badRef = await generateInstanceFiles(dir, 'bad-ref', 'windows', '5.1', ['req-regex']);
    const good = await generateInstanceFiles(dir, 'good', 'windows', '5.1');
    const alike = await generateInstanceFiles(dir, 'alike', 'windows', '5.1', ['req-regex']);
    expect(statuses(badRef, good).req6).toBe('match');
    expect(statuses(badRef, alike).req6).toBe('drift');
    const result = plan(alike, badRef);
    expect(result.changes.map((change) => change.requirements)).toEqual([['req6']]);
    expect(statuses(reference, applyChangesToFiles(alike, result.changes))).toEqual(ALL_MATCH);
    // The reference planned against itself is fixed too.
    const self = plan(badRef, badRef);
    expect(self.changes.map((change) => change.requirements)).toEqual([['req6']]);
    expect(statuses(reference, applyChangesToFiles(badRef, self.changes))).toEqual(ALL_MATCH);
  });

  it('refuses to copy event formats from a reference whose EventFormat does not start with %REQ%', async () => {
    const badRef = await generateInstanceFiles(dir, 'bad-format-ref', 'windows', '5.1', ['event-format']);
    const good = await generateInstanceFiles(dir, 'good-format', 'windows', '5.1');
    expect(statuses(badRef, good).req7).toBe('drift');
    const result = plan(good, badRef);
    expect(result.changes).toEqual([]);
    expect(result.refusals.find((refusal) => refusal.requirement === 'req7')?.reason).toMatch(
      /reference is not as documented .*EventFormat .* does not start with %REQ%/,
    );
  });
});

describe('refusals', () => {
  it('refuses AlertConnectionString when the Balancer is known by a host name only', async () => {
    const drifted = await generateInstanceFiles(dir, 'alerts-name', 'windows', '5.1', ['alerts']);
    const ctx = { reqRuleName: 'REQ', balancer: { host: 'balancer.example', cybertracePort: 9998 } };
    const result = plan(drifted, reference, ctx);
    expect(result.changes).toEqual([]);
    expect(result.refusals.find((refusal) => refusal.requirement === 'alerts')?.reason).toMatch(/takes an IPv4 address/);
  });

  it('leaves the alerts item unknown (refused, nothing changed) without a Balancer', async () => {
    const drifted = await generateInstanceFiles(dir, 'alerts-none', 'windows', '5.1', ['alerts']);
    const result = plan(drifted, reference, { reqRuleName: 'REQ' });
    expect(result.changes).toEqual([]);
    expect(result.refusals.map((refusal) => refusal.requirement)).toEqual(['req3', 'alerts']);
  });

  it('refuses the fixes of a file it cannot read and plans the others', async () => {
    const drifted = await generateInstanceFiles(dir, 'no-util', 'windows', '5.1', ['finished-absent', 'certificate']);
    const broken: InstanceFiles = {
      ...drifted,
      feedUtilConf: { path: drifted.feedUtilConf.path, present: false, reason: 'permission denied' },
    };
    const result = plan(broken, reference);
    expect(result.changes.map((change) => change.requirements)).toEqual([['req8']]);
    expect(result.refusals.map((refusal) => refusal.requirement)).toEqual(['req1', 'req2', 'req3']);
    expect(result.refusals[0]?.reason).toContain('permission denied');
  });

  it('fixes the REQ rule where the instance keeps it when the reference keeps it in a Source this instance does not have', async () => {
    if (!reference.serviceConf.present) throw new Error('no service conf');
    const moved = Buffer.from(reference.serviceConf.bytes)
      .toString('utf8')
      .replace('<Source id="default">', '<Source id="balancer" ip="127.0.0.10">');
    const namedRef: InstanceFiles = { ...reference, serviceConf: presentFile(reference.serviceConf.path, Buffer.from(moved)) };
    const drifted = await generateInstanceFiles(dir, 'req-source', 'windows', '5.1', ['req-regex']);
    const result = plan(drifted, namedRef);
    // placement is judged against the documented one (default or Balancer's address), not the reference's Source
    expect(result.refusals.find((refusal) => refusal.requirement === 'req6')).toBeUndefined();
    expect(result.changes.map((change) => change.requirements)).toEqual([['req6']]);
    expect(statuses(namedRef, applyChangesToFiles(drifted, result.changes)).req6).toBe('match');
  });

  it('refuses the REQ rule when the instance has no Source id="default" and no rule Balancer reaches', async () => {
    const drifted = await generateInstanceFiles(dir, 'req-no-default', 'windows', '5.1', ['req-regex']);
    if (!drifted.serviceConf.present) throw new Error('no service conf');
    const renamed = Buffer.from(drifted.serviceConf.bytes)
      .toString('utf8')
      .replace('<Source id="default">', '<Source id="other" ip="10.9.9.9">');
    const noDefault: InstanceFiles = { ...drifted, serviceConf: presentFile(drifted.serviceConf.path, Buffer.from(renamed)) };
    expect(plan(noDefault, reference).refusals.find((refusal) => refusal.requirement === 'req6')?.reason).toMatch(/no Source id="default"/);
  });

  it('never changes a file its own checks refuse: overlapping edits leave the later requirement out', () => {
    const config = readInstanceConfig(reference);
    if (!config.service.known) throw new Error('no service model');
    const service = config.service.model;
    const element = findPath(service.file.doc.root, 'Domains/Domain/OutputSettings/EventSettings/EventFormat');
    if (!element) throw new Error('no EventFormat');
    const merged = mergeFileEdits(
      service.file,
      [
        { requirement: 'req7', edits: [{ kind: 'set-text', element, text: '%REQ% x' }], allowedPaths: [element.path] },
        { requirement: 'req8', edits: [{ kind: 'set-text', element, text: '%REQ% y' }], allowedPaths: [element.path] },
        {
          requirement: 'alerts',
          edits: [{ kind: 'set-attribute', element, name: 'x', value: '1' }],
          allowedPaths: ['Configuration/NotificationSettings'],
        },
      ],
      true,
    );
    expect(merged.change?.requirements).toEqual(['req7']);
    expect(merged.refused.map((entry) => entry.requirement)).toEqual(['req8', 'alerts']);
    expect(merged.refused[1]?.reason).toMatch(/outside Configuration/);
  });
});

describe('the byte-level check used by the fix tests', () => {
  it('catches a changed byte outside the edited element and a bare LF in a CRLF file', async () => {
    const drifted = await generateInstanceFiles(dir, 'check', 'windows', '5.1', ['finished-disabled']);
    const [change] = plan(drifted, reference).changes;
    if (!change) throw new Error('expected a change');
    const before = beforeBytes(drifted, change);
    expect(bytesOutsideEditsProblem(before, change)).toBeUndefined();
    const outside = Uint8Array.from(change.afterBytes);
    outside[outside.length - 3] = 0x41;
    expect(bytesOutsideEditsProblem(before, { ...change, afterBytes: outside } satisfies FileChange)).toMatch(/bytes after offset/);
    const text = Buffer.from(change.afterBytes)
      .toString('latin1')
      .replace('LookupFinished</FinishedEventFormat>\r\n', 'LookupFinished</FinishedEventFormat>\n');
    expect(bytesOutsideEditsProblem(before, { ...change, afterBytes: Buffer.from(text, 'latin1') })).toBeDefined();
  });
});
