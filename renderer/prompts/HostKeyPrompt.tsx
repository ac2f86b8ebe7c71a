import { useState } from 'react';
import type { Prompt } from '../../shared/contract/events.js';
import type { DeepReadonly } from '../store/readonly.js';
import { useAppStore } from '../store/store-context.js';

type Review = Extract<Prompt, { kind: 'host-key-review' }>;

/** All unknown host keys on one screen; each must be ticked to be trusted, and a changed key cannot be. */
export function HostKeyPrompt({ prompt }: { readonly prompt: DeepReadonly<Review> }) {
  const [accepted, setAccepted] = useState<ReadonlySet<string>>(new Set());
  const answer = useAppStore((state) => state.answerPrompt);
  const toggle = (fingerprint: string, on: boolean): void => {
    const next = new Set(accepted);
    if (on) next.add(fingerprint);
    else next.delete(fingerprint);
    setAccepted(next);
  };
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
      <div className="dialog-actions">
        <button type="button" data-testid="prompt-cancel" onClick={() => void answer(prompt.promptId, { kind: 'cancel' })}>
          Cancel
        </button>
        <button type="button" className="primary" data-testid="prompt-ok"
          onClick={() => void answer(prompt.promptId, { kind: 'host-key-review', acceptedFingerprints: [...accepted] })}>
          Trust ticked keys
        </button>
      </div>
    </>
  );
}
