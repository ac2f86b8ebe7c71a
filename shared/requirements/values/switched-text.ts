import { z } from 'zod';

/**
 * An optional element with an `enabled` attribute and a text: FinishedEventFormat (requirement 8) and
 * AlertConnectionString (alerts item). `enabled` is null when the attribute is absent.
 */
export const SwitchedTextValueSchema = z.discriminatedUnion('present', [
  z.strictObject({ present: z.literal(false) }),
  z.strictObject({ present: z.literal(true), enabled: z.string().nullable(), text: z.string() }),
]);

/** Requirement 8's and the alerts item's observed value. */
export type SwitchedTextValue = z.output<typeof SwitchedTextValueSchema>;
