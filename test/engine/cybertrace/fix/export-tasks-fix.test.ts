// Requirement 5's observation and fix on the lab's generated files, every version and OS (REFERENCE 4.5):
// per-instance attributes and elements are never compared and stay byte for byte; a filter or enabled
// difference is fixed by attribute edits on the instance's own task; a new task leaves the reference's
// per-instance parts behind.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChangesToFiles, planFixes } from '../../../../engine/cybertrace/fix/index.js';
import { observe, readInstanceConfig } from '../../../../engine/cybertrace/model/index.js';
import type { HostFile, InstanceFiles } from '../../../../engine/cybertrace/model/types.js';
import { compareObservation } from '../../../../shared/requirements/compare/compare-observation.js';
import { REQUIREMENT_IDS } from '../../../../shared/requirements/ids.js';
import { CTX, MATRIX, generateInstanceFiles, presentFile } from '../model/lab-files.js';
import { ALL_MATCH, beforeBytes, bytesOutsideEditsProblem, side, statuses } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-export-tasks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan = (instance: InstanceFiles, reference: InstanceFiles) => planFixes(side(instance), side(reference), REQUIREMENT_IDS, CTX);
const text = (file: HostFile): string => (file.present ? Buffer.from(file.bytes).toString('utf8') : '');
const req5Detail = (reference: InstanceFiles, instance: InstanceFiles): string =>
  compareObservation(
    'req5',
    observe(readInstanceConfig(reference), reference, CTX).req5,
    observe(readInstanceConfig(instance), instance, CTX).req5,
    CTX,
  ).detail;

/** The service file with an edit (LF terms; the file's own line ending kept); throws when the edit changes nothing. */
function withService(files: InstanceFiles, edit: (text: string) => string): InstanceFiles {
  const raw = text(files.serviceConf);
  const crlf = raw.includes('\r\n');
  const out = edit(crlf ? raw.replace(/\r\n/g, '\n') : raw);
  const back = crlf ? out.replace(/\n/g, '\r\n') : out;
  if (back === raw) throw new Error('edit changed nothing');
  return { ...files, serviceConf: presentFile(files.serviceConf.path, Buffer.from(back, 'utf8')) };
}

const WEEKLY = '<IoCExport name="apt_hashes_weekly" enabled="true"';
// Attribute and element names the help does not give (REFERENCE 4.5: the creator ID and credentials exist, their names were not captured).
const OWN = `${WEEKLY} creator_id='17'`;
const OWN_ELEMENT = '<Credentials user="svc_export" password="s3cret"/>';
const withOwn = (files: InstanceFiles, id: string): InstanceFiles =>
  withService(files, (t) =>
    t.replace(WEEKLY, `${WEEKLY} creator_id='${id}'`).replace(/(<IoCExport name="apt_hashes_weekly"[^\n]*\n)/, `$1      ${OWN_ELEMENT}\n`),
  );

describe.each(MATRIX)('export tasks on $version $os', ({ version, os }) => {
  let reference: InstanceFiles;
  let twin: InstanceFiles;
  beforeAll(async () => {
    reference = await generateInstanceFiles(dir, `ref-${version}-${os}`, os, version);
    twin = await generateInstanceFiles(dir, `twin-${version}-${os}`, os, version);
  });

  it('matches tasks that differ only in per-instance attributes and elements, plans nothing, and names them without values', () => {
    const ref = withOwn(reference, '3');
    const instance = withOwn(twin, '17');
    expect(statuses(ref, instance)).toEqual(ALL_MATCH);
    expect(plan(instance, ref).changes).toEqual([]);
    const detail = req5Detail(ref, instance);
    expect(detail).toContain('task apt_hashes_weekly per-instance, not compared: <Credentials>, @creator_id');
    expect(detail).not.toContain('s3cret');
    // Documented settings that differ are shown, not compared.
    const delimiter = withService(twin, (t) => t.replace(`${WEEKLY} delimiter=","`, `${WEEKLY} delimiter=";"`));
    expect(statuses(reference, delimiter).req5).toBe('match');
    expect(req5Detail(reference, delimiter)).toContain('task apt_hashes_weekly: delimiter ";" (reference ",")');
  });

  it("fixes a filter and the enabled state by attribute edits, keeping the instance's own attribute and element byte for byte", () => {
    const instance = withService(withOwn(twin, '17'), (t) =>
      t.replace('value="%NOW%-7"', 'value="%NOW%-30"').replace(WEEKLY, WEEKLY.replace('"true"', '"false"')),
    );
    expect(statuses(reference, instance).req5).toBe('drift');
    const result = plan(instance, reference);
    expect(result.changes.map((change) => change.requirements)).toEqual([['req5']]);
    const change = result.changes[0];
    if (change?.kind !== 'edit') throw new Error('expected an edit');
    expect(bytesOutsideEditsProblem(beforeBytes(instance, change), change)).toBeUndefined();
    expect(
      change.semanticChanges.map((entry) => [entry.path.replace(/^.*\/IoCExports\//, ''), entry.kind, entry.before, entry.after]),
    ).toEqual([
      [expect.stringMatching(/^IoCExport(\[1\])?\/@enabled$/) as unknown, 'changed', 'false', 'true'],
      [expect.stringMatching(/^IoCExport(\[1\])?\/Filter\[2\]\/@value$/) as unknown, 'changed', '%NOW%-30', '%NOW%-7'],
    ]);
    const fixed = applyChangesToFiles(instance, result.changes);
    expect(statuses(reference, fixed)).toEqual(ALL_MATCH);
    expect(plan(fixed, reference).changes).toEqual([]);
    const after = text(fixed.serviceConf);
    expect(after).toContain(`${OWN} delimiter=","`);
    expect(after).toContain(OWN_ELEMENT);
  });

  it("adds a task the instance lacks without the reference's per-instance parts, and says what to set by hand", () => {
    const ref = withOwn(reference, '3');
    const instance = withService(twin, (t) =>
      t.replace(/\n *<IoCExport name="apt_hashes_weekly"[^\n]*\n[^\n]*\n[^\n]*\n *<\/IoCExport>/, ''),
    );
    expect(req5Detail(ref, instance)).toBe(
      "missing task apt_hashes_weekly; task apt_hashes_weekly is added without the reference's per-instance <Credentials>, @creator_id: set them by hand in CyberTrace Web (e.g. the creator and credentials, REFERENCE 4.5)",
    );
    const result = plan(instance, ref);
    expect(result.changes[0]?.semanticChanges.map((entry) => entry.kind)).toEqual(['added']);
    const fixed = applyChangesToFiles(instance, result.changes);
    expect(statuses(ref, fixed)).toEqual(ALL_MATCH);
    const after = text(fixed.serviceConf);
    expect(after).toContain(
      '<IoCExport name="apt_hashes_weekly" enabled="true" delimiter="," update_frequency="1440" create_header="true" records_limit="50000">',
    );
    expect(after).not.toContain('creator_id');
    expect(after).not.toContain('s3cret');
  });

  it('adds and removes single filters, leaving the filters both have untouched', () => {
    const instance = withService(twin, (t) =>
      t
        .replace(/\n *<Filter field="category" value="KL_APT_Hash_MD5" included="true"\/>/, '')
        .replace(
          '<Filter field="category" value="KL_BotnetCnC_URL" included="false"/>',
          '<Filter field="category" value="KL_BotnetCnC_URL" included="false"/><Filter field="local" value="x" included="true" note="mine"/>',
        ),
    );
    expect(statuses(reference, instance).req5).toBe('drift');
    const result = plan(instance, reference);
    const fixed = applyChangesToFiles(instance, result.changes);
    expect(statuses(reference, fixed)).toEqual(ALL_MATCH);
    expect(text(fixed.serviceConf)).not.toContain('field="local"');
  });
});
