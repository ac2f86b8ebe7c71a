// Which plan each apply report applied, checked before a report run contacts any host.
import { ApiError } from '../../../shared/contract/errors.js';
import type { ApplyReport } from '../../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import type { AppliedRun, UnattributedChange } from '../../../shared/report/assemble-evidence.js';
import { unattributedChanges } from '../../../shared/report/assemble-evidence.js';

/** One apply report as given: the report, the plan it carried, and where it came from (a file, for messages). */
export interface GivenApply {
  readonly report: ApplyReport;
  readonly plan?: PlanDocument | undefined;
  readonly source?: string | undefined;
}

/**
 * Gives each apply report without a plan the plan it applied (same project, same creation time), and
 * refuses reports of another project or changes whose requirements no plan states: the evidence would
 * otherwise record a change without saying what it was for.
 */
export function pairApplyReports(applies: readonly GivenApply[], plans: readonly PlanDocument[], projectName: string): AppliedRun[] {
  const runs = applies.map((given, index) => {
    if (given.report.project.name !== projectName) {
      throw new ApiError({
        code: 'invalid-input',
        message: `${sourceOf(given, index)} is an apply report of project "${given.report.project.name}", not of "${projectName}"`,
      });
    }
    const plan =
      given.plan ?? plans.find((candidate) => candidate.createdAt === given.report.planCreatedAt && candidate.project.name === projectName);
    return { report: given.report, ...(plan === undefined ? {} : { plan }) };
  });
  const missing = unattributedChanges({ applies: runs, plans });
  if (missing.length > 0) throw new ApiError({ code: 'invalid-input', message: unattributedMessage(missing, applies) });
  return runs;
}

function sourceOf(given: GivenApply, index: number): string {
  return given.source ?? `applies[${index}]`;
}

function unattributedMessage(missing: readonly UnattributedChange[], applies: readonly GivenApply[]): string {
  const first = missing[0] as UnattributedChange;
  const index = applies.findIndex((candidate) => candidate.report.planCreatedAt === first.planCreatedAt);
  const source = index < 0 ? 'an apply report' : sourceOf(applies[index] as GivenApply, index);
  return (
    `${source}: ${missing.length} changed file(s) (first: ${first.path} on ${first.instance}) need the plan that was applied, ` +
    `made ${first.planCreatedAt}, which states what each change was for: pass it with --plan FILE ` +
    '(the file ctha plan --out wrote and ctha apply applied); nothing was run'
  );
}
