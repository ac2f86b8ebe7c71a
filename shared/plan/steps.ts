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
