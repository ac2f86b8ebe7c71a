// Plan documents on disk: written atomically, read back only when valid and when every change's bytes match their digest.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiError } from '../../../shared/contract/errors.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import { PLAN_FORMAT_VERSION, PlanDocumentSchema } from '../../../shared/plan/plan-document.js';
import { sha256Hex } from '../../hosts/dialect/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

/** Plans hold the new bytes of a few config files; anything far larger is not a plan. */
const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** Writes a plan as JSON (atomically); resolves with the absolute path. */
export async function writePlanFile(path: string, plan: PlanDocument): Promise<string> {
  const absolute = resolve(path);
  try {
    await writeFileAtomic(absolute, `${JSON.stringify(plan, null, 2)}\n`);
  } catch (error) {
    throw new ApiError({ code: 'io', message: `cannot write the plan to ${absolute}: ${error instanceof Error ? error.message : String(error)}` });
  }
  return absolute;
}

/** Whether parsed JSON looks like a plan document (rather than a project). */
export function looksLikePlan(value: unknown): boolean {
  return value !== null && typeof value === 'object' && 'planFormatVersion' in value;
}

/** Reads and checks a plan file: the schema, the format version, and each change's bytes against its SHA-256. */
export async function readPlanFile(path: string): Promise<PlanDocument> {
  const absolute = resolve(path);
  let text: string;
  try {
    if ((await stat(absolute)).size > MAX_PLAN_BYTES) throw new ApiError({ code: 'invalid-input', message: `${absolute} is larger than ${MAX_PLAN_BYTES} bytes; not a plan` });
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ApiError({ code: code === 'ENOENT' ? 'not-found' : 'io', message: code === 'ENOENT' ? `no such file: ${absolute}` : `cannot read ${absolute}: ${(error as Error).message}` });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError({ code: 'invalid-input', message: `${absolute} is not JSON` });
  }
  return parsePlan(value, absolute);
}

/** Validates a plan value; `label` names it in errors. */
export function parsePlan(value: unknown, label: string): PlanDocument {
  if (looksLikePlan(value) && (value as { planFormatVersion: unknown }).planFormatVersion !== PLAN_FORMAT_VERSION) {
    throw new ApiError({ code: 'invalid-input', message: `${label} is plan format ${String((value as { planFormatVersion: unknown }).planFormatVersion)}; this tool applies format ${PLAN_FORMAT_VERSION} only` });
  }
  const result = PlanDocumentSchema.safeParse(value);
  if (!result.success) {
    throw new ApiError({
      code: 'invalid-input',
      message: `${label} is not a valid plan`,
      issues: result.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  for (const instance of result.data.instances) {
    for (const change of instance.changes) {
      const actual = sha256Hex(Buffer.from(change.afterBase64, 'base64'));
      if (actual !== change.afterSha256) {
        // A hand-edited plan would write bytes nobody reviewed.
        throw new ApiError({ code: 'invalid-input', message: `${label}: the new bytes of ${instance.name}:${change.path} do not match their SHA-256 (the plan was altered); nothing was applied` });
      }
    }
  }
  return result.data;
}
