import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChangesToFiles, planFixes } from '../../../../engine/cybertrace/fix/index.js';
import type { InstanceFiles, ObserveContext } from '../../../../engine/cybertrace/model/types.js';
import { REQUIREMENT_IDS } from '../../../../shared/requirements/ids.js';
import { BALANCER, CTX, MATRIX, generateInstanceFiles, presentFile } from '../model/lab-files.js';
import { ALL_MATCH, beforeBytes, bytesOutsideEditsProblem, side, statuses } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-req-placement-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan = (instance: InstanceFiles, reference: InstanceFiles, ctx: ObserveContext = CTX) =>
  planFixes(side(instance), side(reference), REQUIREMENT_IDS, ctx);
const REQ_LINE = /\n *<REQ type="CONTEXT">\^\(\\d\+\)\\s<\/REQ>/;

/** The service conf with its REQ rule taken out of Source id="default" and put alone into a new Source opened by `open`. */
function moved(files: InstanceFiles, open: string, regex = String.raw`^(\d+)\s`): InstanceFiles {
  if (!files.serviceConf.present) throw new Error('no service conf');
  const text = Buffer.from(files.serviceConf.bytes).toString('utf8');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lf = text.replace(/\r\n/g, '\n');
  if (!REQ_LINE.test(lf)) throw new Error('no REQ line in the lab conf');
  const out = lf
    .replace(REQ_LINE, '')
    .replace('</RegExps>', `  ${open}\n        <REQ type="CONTEXT">${regex}</REQ>\n      </Source>\n    </RegExps>`);
  return { ...files, serviceConf: presentFile(files.serviceConf.path, Buffer.from(out.replace(/\n/g, eol), 'utf8')) };
}

describe.each(MATRIX)('REQ rule placement on $version $os', ({ version, os }) => {
  let reference: InstanceFiles;
  let twin: InstanceFiles;
  beforeAll(async () => {
    reference = await generateInstanceFiles(dir, `ref-${version}-${os}`, os, version);
    twin = await generateInstanceFiles(dir, `twin-${version}-${os}`, os, version);
  });

  it('keeps a rule in a Source bound to the Balancer address: it matches and the plan never moves it to default', () => {
    const bound = moved(twin, `<Source id="balancer" ip="${BALANCER.address}">`);
    expect(statuses(reference, bound)).toEqual(ALL_MATCH);
    expect(plan(bound, reference).changes).toEqual([]);
    // the reference keeping it there does not make an instance with it in default drift either
    expect(statuses(bound, twin).req6).toBe('match');
    expect(plan(twin, bound).changes).toEqual([]);
  });

  it('corrects a wrong regex where the bound rule sits, not in default', () => {
    const wrong = moved(twin, `<Source id="balancer" ip="${BALANCER.address}">`, String.raw`^(\d+):`);
    expect(statuses(reference, wrong).req6).toBe('drift');
    const result = plan(wrong, reference);
    expect(result.changes.map((change) => change.requirements)).toEqual([['req6']]);
    // one text change, on the rule that is there (the default Source is not touched)
    expect(result.changes[0]?.semanticChanges.map((change) => change.kind + ' ' + change.path.replace(/^.*\/RegExps\//, ''))).toEqual([
      `changed Source[${version === '5.1' ? '2' : '4'}]/REQ/#text`,
    ]);
    const fixed = applyChangesToFiles(wrong, result.changes);
    const text = fixed.serviceConf.present ? Buffer.from(fixed.serviceConf.bytes).toString('utf8') : '';
    expect(text).toMatch(/<Source id="balancer" ip="127\.0\.0\.10">\s*<REQ type="CONTEXT">\^\(\\d\+\)\\s<\/REQ>/);
    expect(text).not.toMatch(/<Source id="default">\s*<REQ/);
    expect(statuses(reference, fixed)).toEqual(ALL_MATCH);
    expect(plan(fixed, reference).changes).toEqual([]);
  });

  it('reports a rule bound to another address as drift and inserts the documented rule into default', () => {
    const other = moved(twin, '<Source id="MyDevice" ip="10.9.9.9">');
    const ref = side(reference);
    expect(statuses(reference, other).req6).toBe('drift');
    const result = plan(other, reference);
    expect(result.changes.map((change) => change.requirements)).toEqual([['req6']]);
    for (const change of result.changes) expect(bytesOutsideEditsProblem(beforeBytes(other, change), change)).toBeUndefined();
    const fixed = applyChangesToFiles(other, result.changes);
    expect(statuses(ref.files, fixed)).toEqual(ALL_MATCH);
    const text = fixed.serviceConf.present ? Buffer.from(fixed.serviceConf.bytes).toString('utf8') : '';
    expect(text).toMatch(/<Source id="default">\s*<REQ type="CONTEXT">/);
    expect(text).not.toMatch(/<Source id="MyDevice" ip="10\.9\.9\.9">\s*<REQ/);
  });

  it('without a Balancer address an ip-bound rule is unknown placement and nothing is planned for it', () => {
    const noBalancer: ObserveContext = { reqRuleName: 'REQ' };
    const other = moved(twin, '<Source id="MyDevice" ip="10.9.9.9">');
    expect(statuses(reference, other, noBalancer).req6).toBe('unknown');
    expect(plan(other, reference, noBalancer).changes.filter((change) => change.requirements.includes('req6'))).toEqual([]);
  });
});
