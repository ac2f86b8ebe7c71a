// Plans, journals and evidence are owner-only (0600), also when they replace a file that was 0644 and
// whatever the umask; other callers of the atomic writer keep 0644 less the umask.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBundleDir } from '../../../engine/report/write-bundle-dir.js';
import { ApplyJournal, journalPathFor } from '../../../engine/steps/journal/apply-journal.js';
import { OWNER_ONLY_MODE, writeFileAtomic } from '../../../engine/util/atomic-write.js';

const modeOf = (path: string): number => statSync(path).mode & 0o777;
const savedUmask = process.umask();

describe('owner-only files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctha-owner-only-'));
  afterEach(() => {
    process.umask(savedUmask);
  });

  it('the atomic writer sets the mode asked exactly, over an existing 0644 file and with a permissive umask; 0644 less the umask by default', async () => {
    const path = join(dir, 'a.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    process.umask(0o000);
    await writeFileAtomic(path, 'new', { mode: OWNER_ONLY_MODE });
    expect(modeOf(path)).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('new');
    process.umask(0o022);
    await writeFileAtomic(path, 'again');
    expect(modeOf(path)).toBe(0o644);
    process.umask(0o077);
    await writeFileAtomic(path, 'once more');
    expect(modeOf(path)).toBe(0o600);
  });

  it('the journal is 0600, also when an earlier one was 0644', async () => {
    const project = join(dir, 'cluster.ctha.json');
    writeFileSync(journalPathFor(project), JSON.stringify({ journalFormatVersion: 1, project, entries: [] }), { mode: 0o644 });
    const journal = await ApplyJournal.open(project);
    await journal.put({
      instance: 'ct-1',
      os: 'linux',
      serviceDir: '/opt/kaspersky/ktfs',
      readiness: null,
      restart: false,
      state: 'stopping',
      planCreatedAt: '2026-01-01T00:00:00.000Z',
      startedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      files: [],
    });
    expect(modeOf(journalPathFor(project))).toBe(0o600);
  });

  it('every file of a report bundle is 0600', async () => {
    const out = await writeBundleDir(
      join(dir, 'bundle'),
      new Map([
        ['evidence.json', Buffer.from('{}')],
        ['VERIFY.txt', Buffer.from('x')],
      ]),
    );
    expect(modeOf(join(out, 'evidence.json'))).toBe(0o600);
    expect(modeOf(join(out, 'VERIFY.txt'))).toBe(0o600);
  });
});
