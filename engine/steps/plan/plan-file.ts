// Plan documents on disk: written atomically and owner-only, without sensitive bytes; read back only when
// valid and consistent (plan-consistency.ts).
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiError } from '../../../shared/contract/errors.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import { PLAN_FORMAT_VERSION, PlanDocumentSchema } from '../../../shared/plan/plan-document.js';
import { OWNER_ONLY_MODE, writeFileAtomic } from '../../util/atomic-write.js';
import { checkPlanConsistency } from './plan-consistency.js';

/** Plans hold the new bytes of a few config files; anything far larger is not a plan. */
const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** The plan as it may be shown, sent or stored: every sensitive change without its bytes (afterBase64 ''). */
export function withoutSensitiveBytes(plan: PlanDocument): PlanDocument {
  return {
    ...plan,
    instances: plan.instances.map((instance) => ({
      ...instance,
      changes: instance.changes.map((change) => (change.sensitive === undefined ? change : { ...change, afterBase64: '' })),
    })),
  };
}

/** The JSON text of a plan file: sensitive changes carry no afterBase64 at all. */
export function planFileText(plan: PlanDocument): string {
  const stored = withoutSensitiveBytes(plan);
  return `${JSON.stringify(stored, (key, value: unknown) => (key === 'afterBase64' && value === '' ? undefined : value), 2)}\n`;
}

/** Writes a plan as JSON (atomically, mode 0600, without sensitive bytes); resolves with the absolute path. */
export async function writePlanFile(path: string, plan: PlanDocument): Promise<string> {
  const absolute = resolve(path);
  try {
    await writeFileAtomic(absolute, planFileText(plan), { mode: OWNER_ONLY_MODE });
  } catch (error) {
    throw new ApiError({
      code: 'io',
      message: `cannot write the plan to ${absolute}: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  return absolute;
}

/** Whether parsed JSON looks like a plan document (rather than a project). */
export function looksLikePlan(value: unknown): boolean {
  return value !== null && typeof value === 'object' && 'planFormatVersion' in value;
}

/** Reads and checks a plan file: the schema, the format version, and its consistency (paths, bytes, groups, totals). */
export async function readPlanFile(path: string): Promise<PlanDocument> {
  const absolute = resolve(path);
  let text: string;
  try {
    if ((await stat(absolute)).size > MAX_PLAN_BYTES)
      throw new ApiError({ code: 'invalid-input', message: `${absolute} is larger than ${MAX_PLAN_BYTES} bytes; not a plan` });
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ApiError({
      code: code === 'ENOENT' ? 'not-found' : 'io',
      message: code === 'ENOENT' ? `no such file: ${absolute}` : `cannot read ${absolute}: ${(error as Error).message}`,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError({ code: 'invalid-input', message: `${absolute} is not JSON` });
  }
  return parsePlan(value, absolute);
}

/** Validates a plan value (schema, then checkPlanConsistency); `label` names it in errors. */
export function parsePlan(value: unknown, label: string): PlanDocument {
  if (looksLikePlan(value) && (value as { planFormatVersion: unknown }).planFormatVersion !== PLAN_FORMAT_VERSION) {
    throw new ApiError({
      code: 'invalid-input',
      message: `${label} is plan format ${String((value as { planFormatVersion: unknown }).planFormatVersion)}; this tool applies format ${PLAN_FORMAT_VERSION} only`,
    });
  }
  const result = PlanDocumentSchema.safeParse(value);
  if (!result.success) {
    throw new ApiError({
      code: 'invalid-input',
      message: `${label} is not a valid plan`,
      issues: result.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  checkPlanConsistency(result.data, label);
  return result.data;
}
