import { z } from 'zod';

/** One regex rule named like the request-id rule. */
export const ReqRuleSchema = z.strictObject({
  /** The id of the Source element holding it (null when the Source has no id). */
  source: z.string().nullable(),
  /** The Source's `ip` attribute (events from that address use its rules, REFERENCE 1.5); absent when the Source has none. */
  sourceIp: z.string().optional(),
  /** The Source's `hostname` attribute (syslog header host name, used when no ip matches, REFERENCE 1.5); absent when none. */
  sourceHostname: z.string().optional(),
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
