// The journal entry an instance's apply writes before it stops the service, and its file records.
import type { AppliedFile } from '../../../shared/plan/apply-report.js';
import type { PlannedInstance } from '../../../shared/plan/plan-document.js';
import type { JournalEntry, JournalFile, JournalState } from '../journal/journal-schema.js';

/** The entry of an instance about to be changed: every file pending. */
export function newJournalEntry(planned: PlannedInstance, planCreatedAt: string, restart: boolean): JournalEntry {
  const now = new Date().toISOString();
  return {
    instance: planned.name,
    os: planned.os,
    serviceDir: planned.serviceDir,
    readiness: planned.readiness,
    restart,
    state: 'stopping',
    planCreatedAt,
    startedAt: now,
    updatedAt: now,
    files: planned.changes.map((change) => ({
      path: change.path,
      kind: change.kind,
      beforeSha256: change.beforeSha256,
      afterSha256: change.afterSha256,
      ...(change.newPath === undefined ? {} : { newPath: change.newPath }),
      status: 'pending',
    })),
  };
}

/** The entry with one file's record updated from what the apply knows about it. */
export function withFile(entry: JournalEntry, file: AppliedFile): JournalEntry {
  const status: JournalFile['status'] = file.status === 'restored' ? 'restored' : file.status === 'not-written' ? 'pending' : 'written';
  return {
    ...entry,
    files: entry.files.map((known) =>
      known.path === file.path ? { ...known, status, ...(file.backupPath === undefined ? {} : { backupPath: file.backupPath }) } : known,
    ),
  };
}

/** The entry in another state. */
export function withState(entry: JournalEntry, state: JournalState): JournalEntry {
  return { ...entry, state };
}

/** A journal file as the report's file record. */
export function journalFileRecord(file: JournalFile): AppliedFile {
  return {
    path: file.path,
    kind: file.kind,
    ...(file.newPath === undefined ? {} : { newPath: file.newPath }),
    beforeSha256: file.beforeSha256,
    afterSha256: file.afterSha256,
    ...(file.backupPath === undefined ? {} : { backupPath: file.backupPath }),
    status: file.status === 'pending' ? 'not-written' : file.status,
    original: file.kind === 'set-aside' ? 'set-aside' : file.beforeSha256 === null ? 'absent' : 'backup',
  };
}
