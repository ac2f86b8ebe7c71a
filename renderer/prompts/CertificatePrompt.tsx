import type { Prompt } from '../../shared/contract/events.js';
import type { DeepReadonly } from '../store/readonly.js';
import { useAppStore } from '../store/store-context.js';
import { PromptActions } from './PromptActions.js';
import { useTicked } from './use-ticked.js';

type Review = Extract<Prompt, { kind: 'certificate-review' }>;

/** Instances' HTTPS certificates nobody pinned yet, on one screen; each must be ticked to be trusted. */
export function CertificatePrompt({ prompt }: { readonly prompt: DeepReadonly<Review> }) {
  const [accepted, toggle] = useTicked();
  const answer = useAppStore((state) => state.answerPrompt);
  return (
    <>
      <h2 id="prompt-title">Review REST API certificates</h2>
      <p className="muted small">
        Compare each SHA-256 fingerprint with the one the instance's administrator gives you before trusting it.
      </p>
      <table className="grid">
        <tbody>
          {prompt.certificates.map((certificate, index) => (
            <tr key={index}>
              <td>
                <input
                  type="checkbox"
                  data-testid={`prompt-cert-${index}`}
                  aria-label={`Trust the certificate of ${certificate.instance}`}
                  checked={accepted.has(certificate.fingerprint)}
                  onChange={(event) => toggle(certificate.fingerprint, event.target.checked)}
                />
              </td>
              <td>
                {certificate.instance}
                <div className="muted small">{`${certificate.host}:${certificate.port}`}</div>
              </td>
              <td>
                <code>{certificate.fingerprint}</code>
                <div className="small">
                  {certificate.subject} (issued by {certificate.issuer}), valid {certificate.validFrom} to {certificate.validTo}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <PromptActions
        promptId={prompt.promptId}
        okLabel="Trust ticked certificates"
        onOk={() => void answer(prompt.promptId, { kind: 'certificate-review', acceptedFingerprints: [...accepted] })}
      />
    </>
  );
}
