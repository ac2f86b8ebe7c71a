import { z } from 'zod';

/** The detection-event format elements requirement 7 compares (their place per layout is in the catalogue). */
export const FORMAT_ELEMENTS = ['EventFormat', 'RecordFieldContextFormat', 'ActionableFieldContextFormat'] as const;

/** One of the compared format elements. */
export type FormatElement = (typeof FORMAT_ELEMENTS)[number];

/** Requirement 7: each format's text (CDATA unwrapped, LF, untrimmed), null when the element is absent. */
export const FormatsValueSchema = z.strictObject({
  EventFormat: z.string().nullable(),
  RecordFieldContextFormat: z.string().nullable(),
  ActionableFieldContextFormat: z.string().nullable(),
});

/** Requirement 7's observed value. */
export type FormatsValue = z.output<typeof FormatsValueSchema>;
