import type { Prompt } from '../../shared/contract/events.js';
import type { DeepReadonly } from '../store/readonly.js';
import { useAppStore } from '../store/store-context.js';
import { acceptedHostKeys, hostKeyRowKey } from './host-key-answer.js';
import { PromptActions } from './PromptActions.js';
import { useTicked } from './use-ticked.js';

type Review = Extract<Prompt, { kind: 'host-key-review' }>;

/**
 * All unknown host keys on one screen; each row must be ticked to be trusted, and a changed key cannot be.
 * Rows are ticked one by one (never by fingerprint) and the answer lists each ticked row's exact tuple,
 * so trusting one host never trusts a cloned host that presents the same key.
 */
export function HostKeyPrompt({ prompt }: { readonly prompt: DeepReadonly<Review> }) {
  const [ticked, toggle, setAll] = useTicked();
  const answer = useAppStore((state) => state.answerPrompt);
  const rows = prompt.keys.flatMap((key, index) => (key.status === 'new' ? [hostKeyRowKey(index)] : []));
  const allTicked = rows.length > 0 && rows.every((row) => ticked.has(row));
  return (
    <>
      <h2 id="prompt-title">Review host keys</h2>
      <p className="muted small">Compare each fingerprint with the one the host's administrator gives you before trusting it.</p>
      <table className="grid">
        {rows.length > 1 && (
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  data-testid="prompt-key-all"
                  aria-label="Trust every new key listed"
                  checked={allTicked}
                  onChange={(event) => setAll(event.target.checked ? rows : [])}
                />
              </th>
              <th>Instance</th>
              <th>Key</th>
            </tr>
          </thead>
        )}
        <tbody>
          {prompt.keys.map((key, index) => (
            <tr key={index} className={key.status === 'changed' ? 'row-danger' : undefined}>
              <td>
                {key.status === 'new' ? (
                  <input
                    type="checkbox"
                    data-testid={`prompt-key-${index}`}
                    aria-label={`Trust key of ${key.instance}`}
                    checked={ticked.has(hostKeyRowKey(index))}
                    onChange={(event) => toggle(hostKeyRowKey(index), event.target.checked)}
                  />
                ) : (
                  <strong>CHANGED</strong>
                )}
              </td>
              <td>
                {key.instance}
                <div className="muted small">{`${key.host}:${key.port}`}</div>
              </td>
              <td>
                <code>
                  {key.keyType} {key.fingerprint}
                </code>
                {key.pinnedFingerprint !== undefined && (
                  <div className="small">
                    pinned: <code>{key.pinnedFingerprint}</code>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <PromptActions
        promptId={prompt.promptId}
        okLabel={`Trust ${ticked.size} ticked key(s)`}
        okDisabled={ticked.size === 0}
        onOk={() => void answer(prompt.promptId, { kind: 'host-key-review', acceptedKeys: acceptedHostKeys(prompt.keys, ticked) })}
      />
    </>
  );
}
