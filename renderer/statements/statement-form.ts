// The attest and waive forms' fields turned into the project's statements, checked by the project schema so
// that the messages at the fields are the ones the engine would give.
import type { ValidationIssue } from '../../shared/project/issues.js';
import { AttestationSchema, WaiverSchema } from '../../shared/project/schema.js';
import type { RequirementId } from '../../shared/requirements/ids.js';
import type { AttestationInput, WaiverInput } from '../store/statements-slice.js';

/** The fields a form shows an error at. */
export type StatementField = 'note' | 'justification' | 'engineer' | 'expires';

/** Errors by field; a field without an entry is fine. */
export type FieldErrors = Partial<Record<StatementField, string>>;

/** A form's result: the statement to send, or the errors to show at the fields. */
export type FormResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldErrors };

/** What every statement is about. */
export interface StatementTarget {
  readonly requirement: RequirementId;
  readonly instance: string;
}

/** The attestation of the attest form, dated `now`. */
export function attestationFromForm(
  target: StatementTarget,
  fields: { readonly note: string; readonly engineer: string },
  now: Date,
): FormResult<AttestationInput> {
  const parsed = AttestationSchema.safeParse({
    ...target,
    note: fields.note.trim(),
    engineer: fields.engineer.trim(),
    date: now.toISOString(),
  });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: errorsOf(parsed.error.issues) };
}

/**
 * The waiver of the waive form, dated `now`. The expiry is a day (an `<input type="date">` value): the waiver
 * holds until the end of that day on this computer's clock, and a day before tomorrow is refused.
 */
export function waiverFromForm(
  target: StatementTarget,
  fields: { readonly justification: string; readonly engineer: string; readonly expires: string },
  now: Date,
): FormResult<WaiverInput> {
  const errors: FieldErrors = {};
  let expires: string | undefined;
  if (fields.expires.trim() !== '') {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(fields.expires.trim()) ? new Date(`${fields.expires.trim()}T23:59:59`) : undefined;
    if (day === undefined || Number.isNaN(day.getTime())) errors.expires = 'expected a day (YYYY-MM-DD)';
    else if (day.getTime() <= now.getTime()) errors.expires = 'expected a day after today (the waiver would already have expired)';
    else expires = day.toISOString();
  }
  const parsed = WaiverSchema.safeParse({
    ...target,
    justification: fields.justification.trim(),
    engineer: fields.engineer.trim(),
    date: now.toISOString(),
    ...(expires === undefined ? {} : { expires }),
  });
  const all = { ...(parsed.success ? {} : errorsOf(parsed.error.issues)), ...errors };
  if (parsed.success && Object.keys(all).length === 0) return { ok: true, value: parsed.data };
  return { ok: false, errors: all };
}

/** The engine's located issues (`attestation.note`, `waiver.expires`, `instance`) as the form's field errors. */
export function fieldErrorsOf(issues: readonly ValidationIssue[]): FieldErrors {
  return errorsOf(issues.map((issue) => ({ path: issue.path.split('.'), message: issue.message })));
}

function errorsOf(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.at(-1);
    if ((field === 'note' || field === 'justification' || field === 'engineer' || field === 'expires') && errors[field] === undefined) {
      errors[field] = issue.message;
    }
  }
  return errors;
}

/** Today as the forms show it (YYYY-MM-DD on this computer's clock). */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
