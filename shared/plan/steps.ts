// `--steps 1,6,8`: the requirements a plan covers, named the way the procedure numbers them.
import type { RequirementId } from '../requirements/ids.js';
import { REQUIREMENT_IDS } from '../requirements/ids.js';

/** The outcome of reading a `--steps` list: the requirements in catalogue order, or why the list is wrong. */
export type StepsParse = { readonly ok: true; readonly requirements: RequirementId[] } | { readonly ok: false; readonly message: string };

/** Reads `1,6,8` (also `req6`, `alerts`, spaces allowed); duplicates collapse; an unknown item fails the whole list. */
export function parseSteps(text: string): StepsParse {
  const items = text.split(',').map((item) => item.trim().toLowerCase());
  if (items.some((item) => item === '')) return { ok: false, message: `--steps "${text}": expected a comma-separated list such as 1,6,8` };
  const wanted = new Set<RequirementId>();
  for (const item of items) {
    const id = /^[1-8]$/.test(item) ? `req${item}` : item;
    if (!(REQUIREMENT_IDS as readonly string[]).includes(id)) {
      return { ok: false, message: `--steps: unknown step "${item}"; expected 1-8 or alerts` };
    }
    wanted.add(id as RequirementId);
  }
  return { ok: true, requirements: REQUIREMENT_IDS.filter((id) => wanted.has(id)) };
}

/** How a list of requirements reads in a heading: `1, 6, 8, alerts`. */
export function describeSteps(requirements: readonly RequirementId[]): string {
  return requirements.map((id) => id.replace(/^req/, '')).join(', ');
}

/** The `--steps` word for the Balancer's own fixes (issue 14): not one of the eight steps, a part of its own. */
export const BALANCER_STEP = 'balancer';

/** What a `--steps` list asks: the requirements (possibly none) and whether the Balancer's part is planned. */
export type StepsScopeParse =
  | { readonly ok: true; readonly requirements: RequirementId[]; readonly balancer: boolean }
  | { readonly ok: false; readonly message: string };

/**
 * Reads a `--steps` list that may also name `balancer`: `1,6,balancer` plans requirements 1 and 6 and the
 * Balancer's fixes; `balancer` alone plans only the Balancer's; a list without it leaves the Balancer out.
 */
export function parseStepsScope(text: string): StepsScopeParse {
  const items = text.split(',').map((item) => item.trim().toLowerCase());
  const balancer = items.includes(BALANCER_STEP);
  const rest = items.filter((item) => item !== BALANCER_STEP);
  if (balancer && rest.length === 0) return { ok: true, requirements: [], balancer };
  const parsed = parseSteps(rest.join(','));
  if (parsed.ok) return { ok: true, requirements: parsed.requirements, balancer };
  // The messages name the whole list and every accepted word.
  return {
    ok: false,
    message: parsed.message
      .replace(`--steps "${rest.join(',')}"`, `--steps "${text}"`)
      .replace('expected 1-8 or alerts', `expected 1-8, alerts or ${BALANCER_STEP}`)
      .replace('such as 1,6,8', `such as 1,6,8 or 1,${BALANCER_STEP}`),
  };
}

/**
 * Whether a plan covers the Balancer's fixes: as asked when said; otherwise when every requirement is
 * planned (no `--steps`, or a saved plan made without it), never for a subset.
 */
export function balancerInScope(requirements: readonly RequirementId[] | undefined, balancer: boolean | undefined): boolean {
  if (balancer !== undefined) return balancer;
  return requirements === undefined || REQUIREMENT_IDS.every((id) => requirements.includes(id));
}

/** How a plan's scope reads in a heading: `1, 6, balancer`; `balancer` alone; the requirements when the Balancer is left out. */
export function describeScope(requirements: readonly RequirementId[], balancer: boolean): string {
  return [describeSteps(requirements), balancer ? BALANCER_STEP : ''].filter((part) => part !== '').join(', ');
}
