import { z } from 'zod';

/** One regex rule named like the request-id rule. */
export const ReqRuleSchema = z.strictObject({
  /** The id of the Source element holding it (null when the Source has no id). */
  source: z.string().nullable(),
  /** The `type` attribute, or CONTEXT (the documented default) when absent. */
  type: z.string(),
  regex: z.string(),
  /** Every other attribute (extract, concatenate, use_for_retroscan...). */
  attributes: z.record(z.string(), z.string()),
});

/** One observed request-id rule. */
export type ReqRule = z.output<typeof ReqRuleSchema>;

/** Requirement 6: every rule of that name in the General tenant's InputSettings/RegExps/Source, sorted by source. */
export const ReqRuleValueSchema = z.strictObject({ rules: z.array(ReqRuleSchema) });

/** Requirement 6's observed value. */
export type ReqRuleValue = z.output<typeof ReqRuleValueSchema>;
