import type { RequirementContext } from '../context.js';
import type { RequirementId } from '../ids.js';
import { canonicalJson, type JsonValue } from '../json.js';
import type { Observation } from '../observation.js';
import { REQUIREMENT_VALUE_SCHEMAS, type RequirementValues } from '../values/index.js';
import type { Comparer, Comparison } from './comparer.js';
import { COMPARERS } from './comparers.js';

/**
 * Compares an instance's observation of one requirement with the reference's: unknown when either fact
 * could not be read (or a documented value cannot be known), drift when the instance is off the
 * documented value (even if the reference is off the same way) or differs from the reference, match
 * otherwise. Pure; the detail is one line for people.
 */
export function compareObservation<K extends RequirementId>(
  id: K,
  reference: Observation,
  instance: Observation,
  ctx: RequirementContext,
): Comparison {
  return compareWith(id, COMPARERS[id], reference, instance, ctx);
}

/** What is wrong with an observation against the documented value; undefined when on target, unknown or without one. */
export function offTargetDetail<K extends RequirementId>(id: K, observation: Observation, ctx: RequirementContext): string | undefined {
  return offTargetWith(id, COMPARERS[id], observation, ctx);
}

/**
 * The part of a known observation that must be identical across instances, as canonical JSON (the
 * grouping key); undefined when unknown or not a valid value of this requirement.
 */
export function comparableKey<K extends RequirementId>(id: K, observation: Observation): string | undefined {
  return comparableWith(id, COMPARERS[id], observation);
}

function compareWith<K extends RequirementId>(
  id: K,
  comparer: Comparer<RequirementValues[K]>,
  reference: Observation,
  instance: Observation,
  ctx: RequirementContext,
): Comparison {
  if (instance.state === 'unknown') return { status: 'unknown', detail: instance.reason };
  const inst = parse(id, instance.value);
  if (!inst.ok) return { status: 'unknown', detail: inst.reason };
  const noTarget = comparer.targetUnknown?.(ctx);
  if (noTarget !== undefined) return { status: 'unknown', detail: noTarget };

  const ref = reference.state === 'known' ? parse(id, reference.value) : undefined;
  const instOff = comparer.offTarget?.(inst.value, ctx);
  if (instOff !== undefined) {
    const same = ref?.ok === true && canonicalJson(comparer.comparable(ref.value)) === canonicalJson(comparer.comparable(inst.value));
    return { status: 'drift', detail: same ? `${instOff} (the reference has the same value: it needs the fix too)` : instOff };
  }
  const targetDecides = typeof comparer.targetDecides === 'function' ? comparer.targetDecides(ctx) : comparer.targetDecides === true;
  if (targetDecides) return comparer.compare(inst.value, inst.value, ctx);
  if (reference.state === 'unknown') return { status: 'unknown', detail: `reference not readable: ${reference.reason}` };
  if (!ref?.ok) return { status: 'unknown', detail: `reference: ${ref?.reason ?? 'no value'}` };

  const refOff = comparer.offTarget?.(ref.value, ctx);
  if (refOff !== undefined) {
    return comparer.referenceOffTarget === 'decided-by-target'
      ? { status: 'match', detail: `as documented; the reference is not (${refOff})` }
      : {
          status: 'drift',
          detail: `cannot be identical to the reference, which is off the documented value (${refOff}): fix the reference first`,
        };
  }
  return comparer.compare(ref.value, inst.value, ctx);
}

function offTargetWith<K extends RequirementId>(
  id: K,
  comparer: Comparer<RequirementValues[K]>,
  observation: Observation,
  ctx: RequirementContext,
): string | undefined {
  if (observation.state === 'unknown' || !comparer.offTarget || comparer.targetUnknown?.(ctx) !== undefined) return undefined;
  const parsed = parse(id, observation.value);
  return parsed.ok ? comparer.offTarget(parsed.value, ctx) : undefined;
}

function comparableWith<K extends RequirementId>(
  id: K,
  comparer: Comparer<RequirementValues[K]>,
  observation: Observation,
): string | undefined {
  if (observation.state === 'unknown') return undefined;
  const parsed = parse(id, observation.value);
  return parsed.ok ? canonicalJson(comparer.comparable(parsed.value)) : undefined;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function parse<K extends RequirementId>(id: K, value: JsonValue): Parsed<RequirementValues[K]> {
  const result = REQUIREMENT_VALUE_SCHEMAS[id].safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return {
    ok: false,
    reason: `observed value is not a valid ${id} value (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`,
  };
}
