import type { VerifyReportResult } from '../../shared/report/verification.js';
import { checkSlug } from './report-view.js';

/** The verifier's answer: overall OK or the first specific failure, then every check in order with what it found. */
export function VerifyResultView({ result }: { readonly result: VerifyReportResult }) {
  return (
    <section
      className={`verdict ${!result.ok ? 'verdict-drift' : result.verdict === undefined || result.verdict.outcome === 'pass' ? 'verdict-consistent' : 'verdict-unknown'}`}
      data-testid="report-verify-result"
      data-ok={String(result.ok)}
    >
      <div className="verdict-line">
        {result.ok
          ? `Signature valid: every check holds (${result.mode === 'bundle' ? 'bundle folder' : 'report.pdf alone'}).`
          : `NOT verified: ${result.failure?.message ?? 'a check failed'}`}
        {result.failure !== undefined && <span className="muted small"> ({result.failure.code})</span>}
      </div>
      {result.verdict !== undefined && (
        <div className="verdict-line" data-testid="report-verify-verdict" data-outcome={result.verdict.outcome}>
          Signed verdict: <strong>{result.verdict.outcome.toUpperCase()}</strong>. {result.verdict.summary}.
        </div>
      )}
      <table className="grid">
        <tbody>
          {result.checks.map((check) => (
            <tr key={check.name} data-testid={`report-check-${checkSlug(check.name)}`} data-ok={String(check.ok)}>
              <td>
                <span className={`status ${check.ok ? 'tone-ok' : 'tone-bad'}`}>{check.ok ? 'OK' : 'FAILED'}</span>
              </td>
              <td>{check.name}</td>
              <td className="small">
                {check.detail}
                {check.code === undefined ? '' : ` (${check.code})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="small">
        {result.signer !== undefined && (
          <>
            Signer {result.signer.subject}, certificate SHA-256 <code>{result.signer.sha256Fingerprint}</code>.{' '}
          </>
        )}
        {result.signingTime !== undefined && <>Signing time {result.signingTime} (the signing laptop's clock, not a trusted timestamp). </>}
        {result.evidenceSha256 !== undefined && (
          <>
            evidence.json SHA-256 <code>{result.evidenceSha256}</code>.
          </>
        )}
      </div>
    </section>
  );
}
