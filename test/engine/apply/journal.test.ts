// The pending-restart journal: one file beside the project, whole-file atomic rewrites, never guessed past when damaged.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApplyJournal, journalPathFor } from '../../../engine/steps/journal/apply-journal.js';
import type { JournalEntry } from '../../../engine/steps/journal/journal-schema.js';

function entry(instance: string): JournalEntry {
  return {
    instance,
    os: 'linux',
    serviceDir: '/opt/kaspersky/ktfs',
    readiness: { host: '127.0.0.1', port: 9999 },
    restart: true,
    state: 'stopping',
    planCreatedAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:01.000Z',
    updatedAt: '2026-01-01T00:00:01.000Z',
    files: [
      {
        path: '/opt/kaspersky/ktfs/etc/kl_feed_service.conf',
        kind: 'edit',
        beforeSha256: 'a'.repeat(64),
        afterSha256: 'b'.repeat(64),
        status: 'pending',
      },
    ],
  };
}

describe('apply journal', () => {
  it('lives beside the project file', () => {
    expect(journalPathFor('/p/cluster.ctha.json')).toBe('/p/cluster.ctha-journal.json');
    expect(journalPathFor('/p/other.json')).toBe('/p/other.json.ctha-journal.json');
  });

  it('keeps every parallel update, survives a reopen, and disappears when the last entry is cleared', async () => {
    const project = join(mkdtempSync(join(tmpdir(), 'ctha-journal-')), 'cluster.ctha.json');
    const journal = await ApplyJournal.open(project);
    const names = Array.from({ length: 12 }, (_, index) => `ct-${index}`);
    await Promise.all(names.map((name) => journal.put(entry(name))));
    await Promise.all(
      names.map((name) =>
        journal.update(name, (current) => ({
          ...current,
          state: 'writing',
          files: current.files.map((file) => ({ ...file, status: 'written', backupPath: `${file.path}.ctha-backup-${name}` })),
        })),
      ),
    );
    const reopened = await ApplyJournal.open(project);
    expect(
      reopened
        .entries()
        .map((current) => current.instance)
        .sort(),
    ).toEqual([...names].sort());
    expect(reopened.get('ct-7')?.state).toBe('writing');
    expect(reopened.get('ct-7')?.files[0]?.backupPath).toBe('/opt/kaspersky/ktfs/etc/kl_feed_service.conf.ctha-backup-ct-7');
    await Promise.all(names.slice(1).map((name) => reopened.clear(name)));
    expect(JSON.parse(readFileSync(journalPathFor(project), 'utf8')).entries).toHaveLength(1);
    await reopened.clear('ct-0');
    expect(existsSync(journalPathFor(project))).toBe(false);
    await expect(reopened.update('ct-0', (current) => current)).rejects.toThrow('no journal entry for ct-0');
  });

  it('refuses a damaged journal, saying it may list backups', async () => {
    const project = join(mkdtempSync(join(tmpdir(), 'ctha-journal-')), 'cluster.ctha.json');
    writeFileSync(journalPathFor(project), '{"journalFormatVersion":1,"entries":[{"instance":');
    await expect(ApplyJournal.open(project)).rejects.toThrow(/is damaged; it lists backups of an interrupted apply/);
  });
});
