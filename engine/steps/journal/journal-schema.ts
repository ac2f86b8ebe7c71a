// The pending-restart journal's format: what an interrupted apply left half done on each instance.
import { z } from 'zod';
import { ReadinessTargetSchema } from '../../../shared/plan/plan-document.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** Version of the journal file format. */
export const JOURNAL_FORMAT_VERSION = 1;

/** One file of an instance's apply, as far as it got. */
export const JournalFileSchema = z.object({
  path: z.string().min(1),
  kind: z.enum(['edit', 'copy', 'set-aside']),
  /** null: the file did not exist before (a copy created it). */
  beforeSha256: sha256.nullable(),
  afterSha256: sha256,
  newPath: z.string().optional(),
  /** The verified backup of the old bytes (edit, copy over an existing file). */
  backupPath: z.string().optional(),
  /** pending: not written yet; written: the new bytes are in place; restored: put back after a failure. */
  status: z.enum(['pending', 'written', 'restored']),
});

/** Where an instance's apply stood when the journal was last written. */
export const JOURNAL_STATES = ['stopping', 'writing', 'starting', 'rolling-back'] as const;

/** One instance whose apply has begun and not finished: the service may be stopped, files may be half applied. */
export const JournalEntrySchema = z.object({
  instance: z.string().min(1),
  os: z.enum(['linux', 'windows']),
  serviceDir: z.string().nullable(),
  readiness: ReadinessTargetSchema.nullable(),
  /** Whether the run stopped the service (so a resume must start it again). */
  restart: z.boolean(),
  state: z.enum(JOURNAL_STATES),
  planCreatedAt: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  files: z.array(JournalFileSchema),
});

/** `<project>.ctha-journal.json`: the entries of instances whose apply did not finish. */
export const JournalDocumentSchema = z.object({
  journalFormatVersion: z.literal(JOURNAL_FORMAT_VERSION),
  project: z.string(),
  entries: z.array(JournalEntrySchema),
});

/** One journal entry. */
export type JournalEntry = z.output<typeof JournalEntrySchema>;
/** One file of a journal entry. */
export type JournalFile = z.output<typeof JournalFileSchema>;
/** Where an instance's apply stood. */
export type JournalState = JournalEntry['state'];
/** The journal file's content. */
export type JournalDocument = z.output<typeof JournalDocumentSchema>;
