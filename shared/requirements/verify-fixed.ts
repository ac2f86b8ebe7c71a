// After an apply: did the writes fix what they were for? Judged per requirement part, so that a part
// nobody can read (requirement 3's indicators, an alerts item without a known Balancer) does not undo a
// correct fix, while a part the tool fixes and that still differs always fails.
import { compareObservation } from './compare/compare-observation.js';
import type { RequirementContext } from './context.js';
import type { RequirementId } from './ids.js';
import { jsonEqual } from './json.js';
import { known, type Observation } from './observation.js';
import { ServiceFeedsValueSchema, type ServiceFeedsValue } from './values/service-feeds.js';

/** One part of a requirement as compared with the reference. */
export interface PartComparison {
  /** The part's name for people ("feeds", "indicators", "certificate"...). */
  readonly part: string;
  /** Whether the tool's fix changes this part; false: only a person can (requirement 3's indicators). */
  readonly fixable: boolean;
  readonly status: 'match' | 'drift' | 'unknown';
  /** One line for people. */
  readonly detail: string;
}

/** What the re-observation says about one requirement the apply wrote for. */
export interface FixVerdict {
  readonly requirement: RequirementId;
  /** Why the apply cannot be confirmed to have fixed it; empty: confirmed. */
  readonly failures: readonly string[];
  /** Parts left as they were that the fix never changes or could never read (said in the report, not failures). */
  readonly notes: readonly string[];
}

/** The parts of each requirement, in the order they are reported: requirement 3 alone has a part the tool cannot fix. */
export const REQUIREMENT_PARTS: { readonly [K in RequirementId]: readonly { readonly part: string; readonly fixable: boolean }[] } = {
  req1: [{ part: 'certificate', fixable: true }],
  req2: [{ part: 'Kaspersky feeds', fixable: true }],
  req3: [
    { part: 'feeds', fixable: true },
    { part: 'indicators', fixable: false },
  ],
  req4: [{ part: 'licence keys', fixable: true }],
  req5: [{ part: 'export tasks', fixable: true }],
  req6: [{ part: 'REQ rule', fixable: true }],
  req7: [{ part: 'event formats', fixable: true }],
  req8: [{ part: 'FinishedEventFormat', fixable: true }],
  alerts: [{ part: 'AlertConnectionString', fixable: true }],
};

// Stands in for the indicators on both sides when only the feeds are compared (any equal known value does).
const SAME_INDICATORS = { spotCheck: 'feeds compared alone' } as const;

/** Compares an instance's observation of one requirement with the reference's, part by part. */
export function compareParts(id: RequirementId, reference: Observation, instance: Observation, ctx: RequirementContext): PartComparison[] {
  if (id === 'req3') return serviceFeedsParts(reference, instance, ctx);
  const [only] = REQUIREMENT_PARTS[id];
  const comparison = compareObservation(id, reference, instance, ctx);
  return only ? [{ ...only, status: comparison.status, detail: comparison.detail }] : [];
}

/**
 * The verdict on one requirement from its parts before and after the apply (the same reference on both
 * sides). A part that matches after is fixed. A fixable part that still differs fails; one that cannot be
 * read after fails unless it could not be read before either (then it is a note: the apply changed
 * nothing about what can be known). A part the tool does not fix fails only when the apply made it worse
 * than a match it had. `before` undefined: the instance could not be observed before the writes, so
 * nothing counts as "unknown before".
 */
export function verifyFixed(
  requirement: RequirementId,
  before: readonly PartComparison[] | undefined,
  after: readonly PartComparison[],
): FixVerdict {
  const failures: string[] = [];
  const notes: string[] = [];
  for (const now of after) {
    if (now.status === 'match') continue;
    const then = before?.find((candidate) => candidate.part === now.part);
    const name = `${requirement} ${now.part}`;
    if (!now.fixable) {
      if (then?.status === 'match') failures.push(`${name}: matched the reference before the apply, now ${now.status} (${now.detail})`);
      else notes.push(`${name}: ${now.status} as before the apply; the tool does not change it (${now.detail})`);
    } else if (now.status === 'drift') {
      failures.push(`${name}: still different after the apply (${now.detail})`);
    } else if (then?.status === 'unknown') {
      notes.push(`${name}: not readable before the apply and still not readable (${now.detail})`);
    } else {
      const was = then ? `it was ${then.status} before the apply` : 'it was not observed before the apply';
      failures.push(`${name}: cannot be read after the apply, so the fix is not confirmed (${now.detail}); ${was}`);
    }
  }
  return { requirement, failures, notes };
}

/** verifyFixed over observations: both sides compared part by part with the same reference. */
export function verifyFixedObservations(
  requirement: RequirementId,
  ctx: RequirementContext,
  reference: Observation,
  before: Observation | undefined,
  after: Observation,
): FixVerdict {
  return verifyFixed(
    requirement,
    before === undefined ? undefined : compareParts(requirement, reference, before, ctx),
    compareParts(requirement, reference, after, ctx),
  );
}

/** Requirement 3 as two parts: the feed usage (fixable on 5.x) and the indicators (a spot check at best). */
function serviceFeedsParts(reference: Observation, instance: Observation, ctx: RequirementContext): PartComparison[] {
  const [feedsPart, indicatorsPart] = REQUIREMENT_PARTS.req3;
  if (!feedsPart || !indicatorsPart) return [];
  const ref = serviceFeedsValue(reference);
  const inst = serviceFeedsValue(instance);
  if (ref === undefined || inst === undefined) {
    // Either side unreadable: the whole comparison's reason is each part's.
    const { detail } = compareObservation('req3', reference, instance, ctx);
    return [
      { ...feedsPart, status: 'unknown', detail },
      { ...indicatorsPart, status: 'unknown', detail },
    ];
  }
  const feeds = compareObservation(
    'req3',
    known({ ...ref, indicators: SAME_INDICATORS }, []),
    known({ ...inst, indicators: SAME_INDICATORS }, []),
    ctx,
  );
  const indicators: Pick<PartComparison, 'status' | 'detail'> =
    ref.indicators === 'not-readable' || inst.indicators === 'not-readable'
      ? {
          status: 'unknown',
          detail: 'FalsePositive/InternalTI indicators and manual context fields are not readable: spot-check or attest',
        }
      : jsonEqual(ref.indicators, inst.indicators)
        ? { status: 'match', detail: 'the indicator spot check gives the same results as on the reference' }
        : { status: 'drift', detail: 'the indicator spot check gives different results than on the reference' };
  return [
    { ...feedsPart, status: feeds.status, detail: feeds.status === 'match' ? 'feeds identical' : feeds.detail },
    { ...indicatorsPart, ...indicators },
  ];
}

/** A readable requirement 3 value, or undefined (not read, or not a valid value). */
function serviceFeedsValue(observation: Observation): ServiceFeedsValue | undefined {
  if (observation.state !== 'known') return undefined;
  const parsed = ServiceFeedsValueSchema.safeParse(observation.value);
  return parsed.success ? parsed.data : undefined;
}
