import { useAppStore } from '../store/store-context.js';
import { stepLabel } from '../wizard/steps.js';
import { predictVerdict } from './predicted-verdict.js';
import type { SessionFacts } from './session-evidence.js';

const OUTCOME_TEXT = { pass: 'PASS', fail: 'FAIL', incomplete: 'INCOMPLETE' } as const;
const OUTCOME_TONE = { pass: 'verdict-consistent', fail: 'verdict-drift', incomplete: 'verdict-unknown' } as const;

/** The verdict a report built now would carry, in words (never by colour alone), with a link to the step that fixes each reason. */
export function PredictedVerdictView({ session }: { readonly session: SessionFacts }) {
  const goTo = useAppStore((state) => state.goTo);
  const predicted = predictVerdict(session);
  if (!predicted.ok) {
    return (
      <div className="verdict verdict-unknown" data-testid="report-predicted-verdict" data-outcome="none">
        <div className="verdict-line">No report can be built from this session yet:</div>
        <ul className="small">
          {predicted.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      </div>
    );
  }
  const { verdict, fixes } = predicted;
  return (
    <div className={`verdict ${OUTCOME_TONE[verdict.outcome]}`} data-testid="report-predicted-verdict" data-outcome={verdict.outcome}>
      <div className="verdict-line">
        Verdict if built now: <strong>{OUTCOME_TEXT[verdict.outcome]}</strong>. {verdict.summary}.
      </div>
      {fixes.length > 0 && (
        <ul className="small">
          {fixes.map((fix) => (
            <li key={fix.reason}>
              {fix.reason}{' '}
              <button type="button" className="link-button" data-testid={`report-fix-${fix.step}`} onClick={() => goTo(fix.step)}>
                Go to {stepLabel(fix.step)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
