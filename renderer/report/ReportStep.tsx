import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store-context.js';
import { StepProgress } from '../progress/StepProgress.js';
import { BuiltReportView } from './BuiltReportView.js';
import { SessionEvidence } from './SessionEvidence.js';
import { VerifyResultView } from './VerifyResultView.js';
import { BrowseButton } from '../files/BrowseButton.js';
import { RunButton } from '../components/RunButton.js';

/** The signed report: the session's evidence, building and signing the bundle, and verifying any bundle or report.pdf. */
export function ReportStep() {
  const s = useAppStore(
    useShallow((state) => ({
      engineer: state.reportEngineer,
      outDir: state.reportOutDir,
      identity: state.reportIdentity,
      p12: state.reportP12Path,
      status: state.reportStatus,
      built: state.reportBuilt,
      verifyPath: state.verifyPath,
      verifyStatus: state.verifyStatus,
      verifyResult: state.verifyResult,
      setField: state.setReportField,
      setIdentity: state.setReportIdentity,
      build: state.buildReport,
      verify: state.verifyReport,
    })),
  );
  return (
    <div className="report">
      <p>
        A folder with <code>evidence.json</code> (the exact bytes signed), <code>evidence.json.p7s</code> (a detached CMS signature
        <code> openssl cms -verify</code> accepts), <code>report.pdf</code> (signed, the evidence attached and its hash printed) and
        <code> VERIFY.txt</code> (the commands to check it without this tool).
      </p>
      <label className="field inline-field">
        <span className="field-label">Engineer (named in the session evidence and in the signing identity)</span>
        <input data-testid="report-engineer" value={s.engineer} onChange={(event) => s.setField('reportEngineer', event.target.value)} />
      </label>
      <SessionEvidence />
      <fieldset className="report-form">
        <legend>Build and sign</legend>
        <p className="small muted">Signs the evidence of this session shown above, exactly as it is when you build.</p>
        <label className="field">
          <span className="field-label">Output folder (created; must be new or empty)</span>
          <input
            data-testid="report-outdir"
            value={s.outDir}
            spellCheck={false}
            placeholder="/home/engineer/customer/report-2025-05-01"
            onChange={(event) => s.setField('reportOutDir', event.target.value)}
          />
        </label>
        <BrowseButton
          testId="report-outdir-browse"
          request={{
            mode: 'save',
            title: 'Where to create the report folder',
            defaultName: `report-${new Date().toISOString().slice(0, 10)}`,
            ...(s.outDir.trim() === '' ? {} : { startAt: s.outDir }),
          }}
          onChosen={(chosen) => s.setField('reportOutDir', chosen)}
        />
        <div className="field" role="radiogroup" aria-label="Signing identity">
          <span className="field-label">Signing certificate</span>
          <label className="check">
            <input
              type="radio"
              name="identity"
              data-testid="report-identity-product"
              checked={s.identity === 'product'}
              onChange={() => s.setIdentity('product')}
            />{' '}
            The product's own certificate for this engineer (created on first use, kept encrypted; its passphrase is asked)
          </label>
          <label className="check">
            <input
              type="radio"
              name="identity"
              data-testid="report-identity-p12"
              checked={s.identity === 'p12'}
              onChange={() => s.setIdentity('p12')}
            />{' '}
            My PKCS#12 file (its passphrase is asked when signing, never stored)
          </label>
          {s.identity === 'p12' && (
            <input
              data-testid="report-p12-path"
              value={s.p12}
              spellCheck={false}
              placeholder="/home/engineer/.certs/engineer.p12"
              aria-label="PKCS#12 file"
              onChange={(event) => s.setField('reportP12Path', event.target.value)}
            />
          )}
          {s.identity === 'p12' && (
            <BrowseButton
              testId="report-p12-browse"
              request={{
                mode: 'open',
                title: 'Choose your PKCS#12 file',
                suffixes: ['.p12', '.pfx'],
                ...(s.p12.trim() === '' ? {} : { startAt: s.p12 }),
              }}
              onChosen={(chosen) => s.setField('reportP12Path', chosen)}
            />
          )}
        </div>
        <div className="actions">
          <RunButton testId="report-build" unavailable={s.status === 'running'} onRun={() => void s.build()}>
            {s.status === 'running' ? 'Building and signing…' : 'Build signed report'}
          </RunButton>
          {s.status === 'running' && <span className="muted">Answer the passphrase prompt when it appears.</span>}
        </div>
        <StepProgress owner="report" />
      </fieldset>
      {s.built !== undefined && <BuiltReportView built={s.built} />}
      <fieldset className="report-form">
        <legend>Verify a report</legend>
        <label className="field">
          <span className="field-label">A report folder, or a report.pdf on its own</span>
          <input
            data-testid="report-verify-path"
            value={s.verifyPath}
            spellCheck={false}
            onChange={(event) => s.setField('verifyPath', event.target.value)}
          />
        </label>
        <BrowseButton
          testId="report-verify-browse"
          request={{
            mode: 'folder',
            title: 'Choose a report folder to verify',
            ...(s.verifyPath.trim() === '' ? {} : { startAt: s.verifyPath }),
          }}
          onChosen={(chosen) => s.setField('verifyPath', chosen)}
        />
        <div className="actions">
          <RunButton testId="report-verify" className="" unavailable={s.verifyStatus === 'running'} onRun={() => void s.verify()}>
            {s.verifyStatus === 'running' ? 'Verifying…' : 'Verify report'}
          </RunButton>
        </div>
      </fieldset>
      {s.verifyResult !== undefined && <VerifyResultView result={s.verifyResult} />}
    </div>
  );
}
