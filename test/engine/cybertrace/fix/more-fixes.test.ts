import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChangesToFiles, planFixes } from '../../../../engine/cybertrace/fix/index.js';
import type { HostFile, InstanceFiles } from '../../../../engine/cybertrace/model/types.js';
import { REQUIREMENT_IDS } from '../../../../shared/requirements/ids.js';
import { CTX, MATRIX, generateInstanceFiles, presentFile } from '../model/lab-files.js';
import { ALL_MATCH, beforeBytes, bytesOutsideEditsProblem, side, statuses } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctha-more-fixes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan = (instance: InstanceFiles, reference: InstanceFiles) => planFixes(side(instance), side(reference), REQUIREMENT_IDS, CTX);

/** A text file with an edit (in LF terms; the file's own line ending is kept); throws when the edit changes nothing. */
function edited(file: HostFile, edit: (text: string) => string): HostFile {
  if (!file.present) throw new Error(`${file.path} not present`);
  const raw = Buffer.from(file.bytes).toString('utf8');
  const crlf = raw.includes('\r\n');
  const out = edit(crlf ? raw.replace(/\r\n/g, '\n') : raw);
  const back = crlf ? out.replace(/\n/g, '\r\n') : out;
  if (back === raw) throw new Error(`edit changed nothing in ${file.path}`);
  return presentFile(file.path, Buffer.from(back, 'utf8'));
}

const withService = (files: InstanceFiles, edit: (text: string) => string): InstanceFiles => ({
  ...files,
  serviceConf: edited(files.serviceConf, edit),
});
const withUtil = (files: InstanceFiles, edit: (text: string) => string): InstanceFiles => ({
  ...files,
  feedUtilConf: edited(files.feedUtilConf, edit),
});

/** Plans, checks the bytes outside the edits, applies in memory and expects a consistent instance with nothing left to plan. */
function fixAndCheck(instance: InstanceFiles, reference: InstanceFiles): ReturnType<typeof plan> {
  const result = plan(instance, reference);
  for (const change of result.changes)
    if (change.kind === 'edit') expect(bytesOutsideEditsProblem(beforeBytes(instance, change), change)).toBeUndefined();
  const fixed = applyChangesToFiles(instance, result.changes);
  expect(statuses(reference, fixed)).toEqual(ALL_MATCH);
  expect(plan(fixed, reference).changes).toEqual([]);
  return result;
}

const TASK_LINES = /\n *<IoCExport name="botnet_cnc_urls"[^\n]*\n[^\n]*\n *<\/IoCExport>/;

describe.each(MATRIX)('more fixes on $version $os', ({ version, os }) => {
  let reference: InstanceFiles;
  let twin: InstanceFiles;
  beforeAll(async () => {
    reference = await generateInstanceFiles(dir, `ref-${version}-${os}`, os, version);
    twin = await generateInstanceFiles(dir, `twin-${version}-${os}`, os, version);
  });

  it('removes an extra export task and adds the missing one, keeping export_dir', () => {
    const instance = withService(twin, (text) =>
      text.replace(
        TASK_LINES,
        '\n    <IoCExport name="local_only" enabled="false" delimiter="," update_frequency="0" create_header="true" records_limit="10"/>',
      ),
    );
    expect(statuses(reference, instance).req5).toBe('drift');
    const result = fixAndCheck(instance, reference);
    expect(result.changes.map((change) => change.requirements)).toEqual([['req5']]);
    expect(Buffer.from(result.changes[0]?.afterBytes ?? []).toString('utf8')).toContain('<IoCExports export_dir=');
  });

  it('inserts missing export tasks after the last kept one and removes extra and repeated ones', () => {
    const missingBoth = withService(twin, (text) =>
      text.replace(TASK_LINES, '').replace(/\n *<IoCExport name="apt_hashes_weekly"[^\n]*\n[^\n]*\n[^\n]*\n *<\/IoCExport>/, ''),
    );
    expect(fixAndCheck(missingBoth, reference).changes[0]?.semanticChanges.map((change) => change.kind)).toEqual(['added', 'added']);
    const extra = withService(twin, (text) =>
      text.replace(
        '</IoCExports>',
        '  <IoCExport name="botnet_cnc_urls" enabled="false" delimiter=";" update_frequency="60" create_header="false" records_limit="1"/>\n  <IoCExport name="zz_local" enabled="true" delimiter=";" update_frequency="60" create_header="false" records_limit="1"/>\n</IoCExports>',
      ),
    );
    expect(statuses(reference, extra).req5).toBe('drift');
    fixAndCheck(extra, reference);
  });

  it('copies a Kaspersky feed the instance does not list from the reference', async () => {
    const feedsRef = await generateInstanceFiles(dir, `feeds-ref-${version}-${os}`, os, version, ['feeds']);
    const instance = withUtil(twin, (text) =>
      text.replace(/\n *<Feed enabled="false">\n *<Name>Ransomware_URL_Data_Feed<\/Name>\n[^\n]*\n *<\/Feed>/, ''),
    );
    const result = plan(instance, feedsRef);
    const util = result.changes.find((change) => change.path === instance.feedUtilConf.path);
    expect(util?.semanticChanges.map((change) => change.kind)).toEqual(['added']);
    const fixed = applyChangesToFiles(instance, result.changes);
    expect(statuses(feedsRef, fixed)).toEqual(ALL_MATCH);
    expect(plan(fixed, feedsRef).changes).toEqual([]);
  });

  it('accepts a REQ rule without type (CONTEXT is the default) and fixes one whose extra attributes differ by rewriting it', () => {
    const untyped = withService(twin, (text) => text.replace('<REQ type="CONTEXT">', '<REQ>'));
    expect(statuses(reference, untyped)).toEqual(ALL_MATCH);
    const extra = withService(twin, (text) => text.replace('<REQ type="CONTEXT">', '<REQ type="URL" extract="all">'));
    const result = fixAndCheck(extra, reference);
    expect(result.changes[0]?.semanticChanges.map((change) => change.path.replace(/^.*\/Source/, 'Source'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Source(\[1\])?\/REQ/) as unknown]),
    );
  });

  it('removes REQ rules from sources the reference does not use and a repeated rule', () => {
    const instance = withService(twin, (text) =>
      text.replace(/(<Source id="default">\n)( *)/, `$1$2<REQ type="CONTEXT">^(\\d+)\\s</REQ>\n$2`),
    );
    expect(statuses(reference, instance).req6).toBe('drift');
    fixAndCheck(instance, reference);
  });

  it.runIf(version === '5.1')(
    'switches a non-Kaspersky tenant feed like the reference (req3), and refuses one the instance does not define',
    () => {
      const osint = (used: string) => (text: string) =>
        text.replace('</Feeds>', `  <Feed feedname="Lab_OSINT_Feed.json" used="${used}"/>\n      </Feeds>`);
      const osintRef = withService(reference, osint('true'));
      const off = withService(twin, osint('false'));
      expect(statuses(osintRef, off).req3).toBe('drift');
      const result = plan(off, osintRef);
      expect(result.changes.map((change) => change.requirements)).toEqual([['req3']]);
      const fixed = applyChangesToFiles(off, result.changes);
      expect(statuses(osintRef, fixed).req3).toBe('unknown');
      const missing = plan(twin, osintRef);
      expect(missing.changes).toEqual([]);
      expect(missing.refusals.find((refusal) => refusal.requirement === 'req3')?.reason).toMatch(
        /"Lab_OSINT_Feed\.json" is used on the reference but not defined/,
      );
    },
  );

  it.runIf(version === '4.4')('compares a top-level Feeds element whole and refuses to edit it', () => {
    const top = (text: string) => text.replace('  <Domains/>', '  <Domains/>\n  <Feeds><Feed name="x"/></Feeds>');
    const instance = withService(twin, top);
    expect(statuses(reference, instance).req3).toBe('drift');
    expect(plan(instance, reference).refusals.find((refusal) => refusal.requirement === 'req3')?.reason).toMatch(
      /top-level Feeds element differs/,
    );
  });
});
