// Saved plans: written atomically, read back only when valid, in this format version, and unaltered.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikePlan, readPlanFile, writePlanFile } from '../../../engine/steps/plan/plan-file.js';
import { groupDiffs } from '../../../shared/plan/group-diffs.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';

const bytes = Buffer.from('<a>new</a>\r\n');
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

function plan(): PlanDocument {
  const doc: PlanDocument = {
    planFormatVersion: 1,
    project: { name: 'lab', path: '/p/cluster.ctha.json', sha256: 'c'.repeat(64) },
    createdAt: '2026-01-01T00:00:00.000Z',
    toolVersion: 'test',
    referenceInstance: 'one',
    requirements: ['req8'],
    instances: [
      {
        name: 'one',
        os: 'windows',
        host: 'h',
        serviceDir: 'C:\\CT',
        status: 'planned',
        readiness: { host: 'h', port: 9999 },
        filesRead: [{ path: 'C:\\CT\\bin\\a.conf', sha256: 'd'.repeat(64) }],
        directoriesRead: [{ path: 'C:\\CT\\httpsrv\\lic', suffix: '.key', entries: null }],
        changes: [
          {
            path: 'C:\\CT\\bin\\a.conf',
            relativePath: 'bin/a.conf',
            kind: 'edit',
            requirements: ['req8'],
            beforeSha256: 'd'.repeat(64),
            afterSha256: sha(bytes),
            restart: true,
            unifiedDiff: '',
            semanticChanges: [],
            afterBase64: bytes.toString('base64'),
          },
        ],
        refusals: [],
      },
    ],
    groups: [],
    summary: { changes: 1, instancesWithChanges: 1, refusals: 0, errors: 0 },
  };
  return { ...doc, groups: groupDiffs(doc.instances) };
}

describe('plan files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctha-plan-file-'));

  it('round-trips a plan, bytes included, owner-only (0600) even over a file that was 0644', async () => {
    writeFileSync(join(dir, 'plan.json'), '{}', { mode: 0o644 });
    const path = await writePlanFile(join(dir, 'plan.json'), plan());
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await readPlanFile(path)).toEqual(plan());
    expect(looksLikePlan(JSON.parse(readFileSync(path, 'utf8')))).toBe(true);
    expect(looksLikePlan({ schemaVersion: 1, instances: [] })).toBe(false);
  });

  it('refuses a plan whose new bytes were altered after planning, naming the file', async () => {
    const altered = plan();
    const first = altered.instances[0]?.changes[0];
    if (!first) throw new Error('fixture');
    first.afterBase64 = Buffer.from('<a>evil</a>\r\n').toString('base64');
    const path = join(dir, 'altered.json');
    writeFileSync(path, JSON.stringify(altered));
    await expect(readPlanFile(path)).rejects.toThrow(
      'the new bytes of one:C:\\CT\\bin\\a.conf do not match their SHA-256 (the plan was altered); nothing was applied',
    );
  });

  it('refuses another format version, invalid plans and non-JSON with specific messages', async () => {
    const future = join(dir, 'future.json');
    writeFileSync(future, JSON.stringify({ ...plan(), planFormatVersion: 2 }));
    await expect(readPlanFile(future)).rejects.toThrow('is plan format 2; this tool applies format 1 only');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ ...plan(), instances: [] }));
    await expect(readPlanFile(invalid)).rejects.toMatchObject({
      code: 'invalid-input',
      issues: [expect.objectContaining({ path: 'instances' })],
    });
    const text = join(dir, 'text.json');
    writeFileSync(text, 'not json');
    await expect(readPlanFile(text)).rejects.toThrow('is not JSON');
    await expect(readPlanFile(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'not-found' });
  });
});
