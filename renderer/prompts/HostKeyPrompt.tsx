import type { Prompt } from '../../shared/contract/events.js';
import type { DeepReadonly } from '../store/readonly.js';
import { useAppStore } from '../store/store-context.js';
import { PromptActions } from './PromptActions.js';
import { useTicked } from './use-ticked.js';

type Review = Extract<Prompt, { kind: 'host-key-review' }>;

/** All unknown host keys on one screen; each must be ticked to be trusted, and a changed key cannot be. */
export function HostKeyPrompt({ prompt }: { readonly prompt: DeepReadonly<Review> }) {
  const [accepted, toggle] = useTicked();
  const answer = useAppStore((state) => state.answerPrompt);
  return (
    <>
      <h2 id="prompt-title">Review host keys</h2>
      <p className="muted small">Compare each fingerprint with the one the host's administrator gives you before trusting it.</p>
      <table className="grid">
        <tbody>
          {prompt.keys.map((key, index) => (
            <tr key={index} className={key.status === 'changed' ? 'row-danger' : undefined}>
              <td>
                {key.status === 'new' ? (
                  <input type="checkbox" data-testid={`prompt-key-${index}`} aria-label={`Trust key of ${key.instance}`}
                    checked={accepted.has(key.fingerprint)} onChange={(event) => toggle(key.fingerprint, event.target.checked)} />
                ) : (
                  <strong>CHANGED</strong>
                )}
              </td>
              <td>{key.instance}<div className="muted small">{`${key.host}:${key.port}`}</div></td>
              <td><code>{key.keyType} {key.fingerprint}</code>
                {key.pinnedFingerprint !== undefined && <div className="small">pinned: <code>{key.pinnedFingerprint}</code></div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <PromptActions promptId={prompt.promptId} okLabel="Trust ticked keys" onOk={() => void answer(prompt.promptId, { kind: 'host-key-review', acceptedFingerprints: [...accepted] })} />
    </>
  );
}
