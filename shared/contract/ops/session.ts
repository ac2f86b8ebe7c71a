// The wizard's saved place beside the project (issue 13 item 3): `<name>.ctha-session.json`, 0600, no secrets.
import { z } from 'zod';

const filePath = z.string().trim().min(1, { error: 'expected a file path' });

/**
 * What the wizard saves after each step. The results are kept as the operations returned them (already
 * validated by their own schemas when they were produced); `savedAt` per result lets the page mark them by time.
 */
export const WizardSessionSchema = z.looseObject({
  schemaVersion: z.literal(1, { error: 'expected 1 (this tool reads wizard session format version 1)' }),
  step: z.string().min(1),
  savedAt: z.string(),
});

/** A saved wizard session. */
export type WizardSession = z.output<typeof WizardSessionSchema>;

/** `session.read`, `session.save` and `session.clear`, shaped like the entries of shared/contract/operations.ts. */
export const sessionOperations = {
  /** Reads the session saved beside a project; `session` is absent when there is none. */
  'session.read': {
    input: z.strictObject({ projectPath: filePath }),
    output: z.object({ path: z.string(), session: WizardSessionSchema.optional() }),
  },
  /** Writes the session beside the project atomically, owner-only; refused when it holds a secret. */
  'session.save': {
    input: z.strictObject({ projectPath: filePath, session: WizardSessionSchema }),
    output: z.object({ path: z.string(), bytes: z.number().int() }),
  },
  /** Removes the session beside the project ("start over"); `removed` is false when there was none. */
  'session.clear': {
    input: z.strictObject({ projectPath: filePath }),
    output: z.object({ path: z.string(), removed: z.boolean() }),
  },
} as const satisfies Record<'session.read' | 'session.save' | 'session.clear', { input: z.ZodType; output: z.ZodType }>;
