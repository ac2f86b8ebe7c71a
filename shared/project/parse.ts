import type { ValidationIssue } from './issues.js';
import { issuesFromZod } from './issues.js';
import type { Project } from './schema.js';
import { ProjectSchema } from './schema.js';
import { findSecretFields } from './secrets.js';

/** Outcome of validating a project: the project with defaults applied, or every problem found. */
export type ProjectValidation =
  { readonly ok: true; readonly project: Project } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Validates an already-parsed value as a project. */
export function validateProject(value: unknown): ProjectValidation {
  const secrets = findSecretFields(value);
  const result = ProjectSchema.safeParse(value);
  if (secrets.length === 0 && result.success) return { ok: true, project: result.data };
  const secretPaths = new Set(secrets.map((issue) => issue.path));
  // A secret field is also an unknown field to zod; report it once, with the clearer reason.
  const rest = result.success ? [] : issuesFromZod(result.error).filter((issue) => !secretPaths.has(issue.path));
  return { ok: false, issues: [...secrets, ...rest] };
}

/** Parses and validates the text of a `*.ctha.json` file. */
export function parseProjectText(text: string): ProjectValidation {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: '(file)', message: `not valid JSON: ${reason}` }] };
  }
  return validateProject(value);
}

/** Serialises a project the same way every time: two-space JSON, schema field order, final newline. */
export function serializeProject(project: Project): string {
  const {
    $schema,
    schemaVersion,
    name,
    instances,
    referenceInstance,
    reqRuleName,
    alerts,
    readyDeadlineMs,
    balancer,
    hostKeys,
    waivers,
    attestations,
  } = project;
  // Every field of the schema: a setting left out here would be lost the next time the project is saved.
  const ordered = {
    $schema,
    schemaVersion,
    name,
    instances,
    referenceInstance,
    reqRuleName,
    alerts,
    readyDeadlineMs,
    balancer,
    hostKeys,
    waivers,
    attestations,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
