import type { BuiltReport } from '../store/report-slice.js';
import { formatBytes } from './report-view.js';

const OUTCOME_TEXT = { pass: 'PASS', fail: 'FAIL', incomplete: 'INCOMPLETE' } as const;
const OUTCOME_TONE = { pass: 'tone-ok', fail: 'tone-bad', incomplete: 'tone-warn' } as const;

/** What report.build wrote: the verdict first, then the files with their digests and who signed, when. */
export function BuiltReportView({ built }: { readonly built: BuiltReport }) {
  return (
    <section className="panel" data-testid="report-built" data-outcome={built.verdict.outcome}>
      <h3 className="group-title">
        Report written to <code>{built.outDir}</code>
      </h3>
      <p>
        <span className={`status ${OUTCOME_TONE[built.verdict.outcome]}`}>{OUTCOME_TEXT[built.verdict.outcome]}</span>{' '}
        {built.verdict.summary}
      </p>
      {built.verdict.reasons.length > 0 && (
        <ul className="small">
          {built.verdict.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <table className="grid files">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Size</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {built.files.map((file) => (
            <tr key={file.name}>
              <td>
                <code>{file.name}</code>
              </td>
              <td>{formatBytes(file.bytes)}</td>
              <td className="digest">
                <code>{file.sha256}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small">
        Signed by <strong>{built.signer.subject}</strong>
        {built.signer.selfSigned ? ' (self-signed)' : `, issued by ${built.signer.issuer}`}; certificate SHA-256{' '}
        <code>{built.signer.sha256Fingerprint}</code>, valid {built.signer.notBefore} to {built.signer.notAfter}.
        {built.identityCreated && ' This identity was created now and is kept for the next reports.'}
      </p>
      <p className="small">
        Signed at {built.signedAt} by this computer's clock (no trusted timestamp). evidence.json SHA-256{' '}
        <code>{built.evidenceSha256}</code>.
      </p>
      {built.warnings.map((warning) => (
        <p key={warning} className="small warn-text">
          {warning}
        </p>
      ))}
    </section>
  );
}
