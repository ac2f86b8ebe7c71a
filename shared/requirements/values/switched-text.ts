import { z } from 'zod';

// The alerts item also records AlertFormat: without it no service alerts are sent (REFERENCE 1.4.2, 2.4).
// null: the element is absent; left out: not observed (requirement 8).
const alertFormat = z.string().nullable().optional();

/**
 * An optional element with an `enabled` attribute and a text: FinishedEventFormat (requirement 8) and
 * AlertConnectionString (alerts item, with its AlertFormat). `enabled` is null when the attribute is absent.
 * `misplaced` (requirement 8, 5.x): the element sits directly under OutputSettings (REFERENCE 1.4.3, 3.5 step 8).
 */
export const SwitchedTextValueSchema = z.discriminatedUnion('present', [
  z.strictObject({ present: z.literal(false), alertFormat }),
  z.strictObject({
    present: z.literal(true),
    enabled: z.string().nullable(),
    text: z.string(),
    alertFormat,
    misplaced: z.string().optional(),
  }),
]);

/** Requirement 8's and the alerts item's observed value. */
export type SwitchedTextValue = z.output<typeof SwitchedTextValueSchema>;
