import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { evidenceFor } from '../store/spotcheck-slice.js';
import { useAppStore } from '../store/store-context.js';
import type { FieldErrors, StatementField, StatementTarget } from './statement-form.js';
import { attestationFromForm, fieldErrorsOf, localDay, waiverFromForm } from './statement-form.js';
import './statements.css';

/** Which statement a form writes. */
export type StatementFormKind = 'attestation' | 'waiver';

/**
 * The attest or waive form of one requirement on one instance: labelled fields, each error under its field
 * (and announced), the date shown (today). Saving goes through the store; `onClose` is called once saved or cancelled.
 */
export function StatementForm({
  kind,
  target,
  engineer: engineerDefault,
  onClose,
}: {
  readonly kind: StatementFormKind;
  readonly target: StatementTarget;
  readonly engineer: string;
  readonly onClose: () => void;
}) {
  const attest = useAppStore((state) => state.attest);
  const waive = useAppStore((state) => state.waive);
  const saving = useAppStore((state) => state.statementStatus === 'saving');
  // Requirement 3: the session's consistent spot-check of this instance, offered as evidence (ticked by default).
  const evidence = useAppStore((state) => (kind === 'attestation' ? evidenceFor(state, target.requirement, target.instance) : undefined));
  const [withEvidence, setWithEvidence] = useState(true);
  const [text, setText] = useState('');
  const [engineer, setEngineer] = useState(engineerDefault);
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const id = useId();
  const first = useRef<HTMLTextAreaElement>(null);
  // The form opens where the button was: the keyboard and the screen reader go straight to its first field.
  useEffect(() => first.current?.focus(), []);
  const textField: StatementField = kind === 'attestation' ? 'note' : 'justification';
  const today = localDay(new Date());
  const what = `${target.requirement} on ${target.instance}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const now = new Date();
    const form =
      kind === 'attestation'
        ? attestationFromForm(target, { note: text, engineer }, now)
        : waiverFromForm(target, { justification: text, engineer, expires }, now);
    if (!form.ok) return setErrors(form.errors);
    setErrors({});
    const outcome =
      'note' in form.value
        ? await attest(evidence !== undefined && withEvidence ? { ...form.value, spotCheck: evidence } : form.value)
        : await waive(form.value);
    if (outcome.ok) return onClose();
    setErrors(fieldErrorsOf(outcome.issues));
    setRefusal(outcome.message);
  };

  const described = (field: StatementField, hint?: string) => {
    const ids = [hint, errors[field] === undefined ? undefined : `${id}-${field}-error`].filter((entry) => entry !== undefined);
    return {
      id: `${id}-${field}`,
      ...(ids.length === 0 ? {} : { 'aria-describedby': ids.join(' ') }),
      ...(errors[field] === undefined ? {} : { 'aria-invalid': true as const, className: 'invalid' }),
    };
  };
  const error = (field: StatementField) =>
    errors[field] === undefined ? null : (
      <p id={`${id}-${field}-error`} className="statement-error" role="alert" data-testid={`statement-error-${field}`}>
        {errors[field]}
      </p>
    );

  return (
    <form className="statement-form" onSubmit={(event) => void submit(event)} data-testid={`statement-form-${kind}`} noValidate>
      <fieldset>
        <legend>{kind === 'attestation' ? `Attest ${what}` : `Waive ${what}`}</legend>
        <p className="small muted" id={`${id}-hint`}>
          {kind === 'attestation'
            ? 'You confirm what the tool cannot read. Say how you checked it; the note goes into the project file and the signed report.'
            : 'You accept this difference on this instance. Say why; the justification goes into the project file and the signed report.'}
        </p>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-${textField}`}>
            {kind === 'attestation' ? 'Note (how you checked, at least 10 characters)' : 'Justification (at least 10 characters)'}
          </label>
          <textarea
            ref={first}
            {...described(textField, `${id}-hint`)}
            data-testid={`statement-${textField}`}
            rows={3}
            required
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          {error(textField)}
        </div>
        <div className="statement-row">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-engineer`}>
              Engineer
            </label>
            <input
              {...described('engineer')}
              data-testid="statement-engineer"
              required
              autoComplete="name"
              value={engineer}
              onChange={(event) => setEngineer(event.target.value)}
            />
            {error('engineer')}
          </div>
          <div className="field">
            <span className="field-label">Date</span>
            <span data-testid="statement-date">{today} (today)</span>
          </div>
          {kind === 'waiver' && (
            <div className="field">
              <label className="field-label" htmlFor={`${id}-expires`}>
                Expires on (optional)
              </label>
              <input
                {...described('expires')}
                data-testid="statement-expires"
                type="date"
                min={today}
                value={expires}
                onChange={(event) => setExpires(event.target.value)}
              />
              {error('expires')}
            </div>
          )}
        </div>
        {evidence !== undefined && (
          <div className="field">
            <label className="check-label">
              <input
                type="checkbox"
                data-testid="statement-spotcheck"
                checked={withEvidence}
                onChange={(event) => setWithEvidence(event.target.checked)}
              />{' '}
              Attach the consistent spot-check of {evidence.at.slice(11, 16)} UTC ({evidence.indicators} indicator(s), same answers on{' '}
              {evidence.instances.length} instance(s)) as evidence
            </label>
          </div>
        )}
        {refusal !== undefined && (
          <p className="statement-error" role="alert" data-testid="statement-refusal">
            Not saved: {refusal}
          </p>
        )}
        <div className="statement-actions">
          <button type="submit" className="primary" disabled={saving} data-testid="statement-save">
            {kind === 'attestation' ? 'Save attestation' : 'Save waiver'}
          </button>
          <button type="button" onClick={onClose} data-testid="statement-cancel">
            Cancel
          </button>
        </div>
      </fieldset>
    </form>
  );
}
