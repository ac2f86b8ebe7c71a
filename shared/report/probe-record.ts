// The live probe's outcome on one instance (DESIGN.md section 3, step 6).
// The probe's own result schema (shared/probe) should replace this shape, or be imported here, once it exists.
import { z } from 'zod';
import { IsoTimeSchema, NameSchema } from './evidence-values.js';

/** One instance's probe: ReplyBack PING, then a tagged test event answered by `<id> LookupFinished`. */
export const ProbeRecordSchema = z.strictObject({
  instance: NameSchema,
  /** `host:port` of the instance's input port. */
  target: z.string().min(1),
  status: z.enum(['pass', 'fail']),
  at: IsoTimeSchema,
  /** Milliseconds until `PONG`; null when it never came. */
  pingMs: z.number().nonnegative().nullable(),
  /** Milliseconds from the test event to `<id> LookupFinished`; null when it never came. */
  lookupMs: z.number().nonnegative().nullable(),
  /** The request id the test event carried. */
  eventId: z.string().optional(),
  /** One line for people: what passed or what went wrong. */
  detail: z.string(),
  /** The replies as received (already redacted), for the auditor. */
  replies: z.array(z.string()).optional(),
});

/** One probe record. */
export type ProbeRecord = z.output<typeof ProbeRecordSchema>;
