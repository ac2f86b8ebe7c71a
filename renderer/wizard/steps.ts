import type { RequirementId } from '../../shared/requirements/ids.js';
import { REQUIREMENT_IDS, REQUIREMENT_TITLES } from '../../shared/requirements/ids.js';

/** Every step of the wizard, in the order an engineer walks them (DESIGN.md section 3). */
export const STEP_IDS = ['project', 'prechecks', 'audit', ...REQUIREMENT_IDS, 'plan', 'apply', 'probe', 'report'] as const;

/** One wizard step's id; also the suffix of its `step-<id>` test id. */
export type StepId = (typeof STEP_IDS)[number];

/** The step list's sections, in order; each step belongs to exactly one. */
export const STEP_GROUPS: readonly { readonly title: string; readonly steps: readonly StepId[] }[] = [
  { title: 'Setup', steps: ['project', 'prechecks'] },
  { title: 'Audit', steps: ['audit', ...REQUIREMENT_IDS] },
  { title: 'Fix', steps: ['plan', 'apply'] },
  { title: 'Prove', steps: ['probe', 'report'] },
];

/** Tells whether a step is one of the HA requirements (req1..req8, alerts). */
export function isRequirementStep(step: StepId): step is RequirementId {
  return (REQUIREMENT_IDS as readonly string[]).includes(step);
}

/** Short label of a step for the step list. */
export function stepLabel(step: StepId): string {
  if (isRequirementStep(step)) return step === 'alerts' ? 'Alerts to Balancer' : `Requirement ${step.slice(3)}`;
  return STEP_TITLES[step];
}

/** Full heading of a step. */
export function stepTitle(step: StepId): string {
  if (isRequirementStep(step)) return `${stepLabel(step)}: ${REQUIREMENT_TITLES[step]}`;
  return STEP_TITLES[step];
}

const STEP_TITLES: Readonly<Record<Exclude<StepId, RequirementId>, string>> = {
  project: 'Project',
  prechecks: 'Pre-checks',
  audit: 'Audit',
  plan: 'Plan',
  apply: 'Apply',
  probe: 'Probe',
  report: 'Report',
};

/** Index of a step in STEP_IDS. */
export function stepIndex(step: StepId): number {
  return STEP_IDS.indexOf(step);
}
