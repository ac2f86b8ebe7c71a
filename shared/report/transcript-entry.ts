// The transcript as the evidence stores it: the schema of engine/ssh/transcript/entry.ts's TranscriptEntry
// (the engine checks at compile time that every entry it records fits this schema).
import { z } from 'zod';
import { IsoTimeSchema } from './evidence-values.js';

/** One remote operation, its exit code and duration; secrets already redacted. */
export const EvidenceTranscriptEntrySchema = z.strictObject({
  instance: z.string(),
  target: z.string(),
  kind: z.enum(['connect', 'exec', 'sftp']),
  op: z.enum(['connect', 'exec', 'read', 'write', 'stat', 'readdir', 'rename', 'unlink', 'mkdir']),
  command: z.string().optional(),
  path: z.string().optional(),
  toPath: z.string().optional(),
  exitCode: z.number().int().nullable().optional(),
  signal: z.string().optional(),
  startedAt: IsoTimeSchema,
  durationMs: z.number().nonnegative(),
  bytesIn: z.number().int().nonnegative(),
  bytesOut: z.number().int().nonnegative(),
  secretStdin: z.literal(true).optional(),
  note: z.string().optional(),
  errorCode: z.string().optional(),
  error: z.string().optional(),
});

/** One transcript entry as evidence. */
export type EvidenceTranscriptEntry = z.output<typeof EvidenceTranscriptEntrySchema>;
