import type { RequirementContext } from '../context.js';
import type { JsonValue } from '../json.js';

/** How an instance's observation compares with the reference's (and with the documented value, where there is one). */
export interface Comparison {
  readonly status: 'match' | 'drift' | 'unknown';
  /** One line for people. */
  readonly detail: string;
}

/** One requirement's comparison rules over its typed value. */
export interface Comparer<V> {
  /** The part of the value that must be identical across instances (grouping uses it too); the whole value unless stated. */
  readonly comparable: (value: V) => JsonValue;
  /**
   * For requirements whose value the HA procedure fixes: what is wrong with a value, undefined when it is
   * as documented. A value that is off target drifts even when the reference has it too.
   */
  readonly offTarget?: (value: V, ctx: RequirementContext) => string | undefined;
  /** Why the documented value cannot be known (alerts without a Balancer), undefined when it can. */
  readonly targetUnknown?: (ctx: RequirementContext) => string | undefined;
  /**
   * When the reference is off target and the instance is not: 'decided-by-target' (the documented value wins, the
   * instance matches) or 'needs-reference' (identity with the reference is the requirement: the instance drifts).
   */
  readonly referenceOffTarget?: 'decided-by-target' | 'needs-reference';
  /** The documented value alone decides (the reference does not matter); a function when a project setting decides (alerts). */
  readonly targetDecides?: boolean | ((ctx: RequirementContext) => boolean);
  /** Two known, on-target values: match, drift or (for a part that cannot be read) unknown. */
  readonly compare: (reference: V, instance: V, ctx: RequirementContext) => Comparison;
}
