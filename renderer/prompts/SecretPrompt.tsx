import { useState } from 'react';
import type { Prompt } from '../../shared/contract/events.js';
import type { DeepReadonly } from '../store/readonly.js';
import { useAppStore } from '../store/store-context.js';
import { PromptActions } from './PromptActions.js';

type SecretKind = Extract<Prompt, { kind: 'password' | 'passphrase' }>;

/**
 * Asks for a password or key passphrase; the secret lives in this component only until it is sent. An SSH
 * login password may be offered for every instance with the same user; a refused one is asked again with
 * the server's refusal at the field.
 */
export function SecretPrompt({ prompt }: { readonly prompt: DeepReadonly<SecretKind> }) {
  const [secret, setSecret] = useState('');
  const [everyHost, setEveryHost] = useState(false);
  const answer = useAppStore((state) => state.answerPrompt);
  const login = prompt.kind === 'password' && prompt.purpose === 'ssh' ? prompt : undefined;
  const retryReason = prompt.kind === 'password' ? prompt.retryReason : undefined;
  const submit = (): void => {
    setSecret('');
    if (prompt.kind === 'passphrase') void answer(prompt.promptId, { kind: 'passphrase', secret });
    else void answer(prompt.promptId, { kind: 'password', secret, ...(login ? { scope: everyHost ? 'user' : 'host' } : {}) });
  };
  return (
    <>
      <h2 id="prompt-title">{prompt.kind === 'password' ? 'Password needed' : 'Key passphrase needed'}</h2>
      <p>
        {prompt.kind === 'password'
          ? `${prompt.purpose === 'sudo' ? 'sudo password' : prompt.purpose === 'rest' ? 'REST API password' : 'SSH password'} for ${prompt.user}@${prompt.host} (${prompt.instance})`
          : `Passphrase of ${prompt.keyPath}`}
      </p>
      <p className="muted small">
        {login
          ? 'It is kept in this engine’s memory until you close the app or choose “Forget credentials”, never written to disk.'
          : 'It is kept in memory for this session only and never written to the project.'}
      </p>
      <input
        type="password"
        data-testid="prompt-secret"
        aria-label="Secret"
        autoFocus
        value={secret}
        onChange={(event) => setSecret(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') submit();
        }}
        {...(retryReason === undefined
          ? {}
          : { 'aria-invalid': true as const, 'aria-describedby': 'prompt-secret-error', className: 'invalid' })}
      />
      {retryReason !== undefined && (
        <p id="prompt-secret-error" role="alert" className="notice-error small" data-testid="prompt-secret-error">
          Refused: {retryReason}. Type it again for this host.
        </p>
      )}
      {login && (
        <label className="small">
          <input
            type="checkbox"
            data-testid="prompt-secret-every-host"
            checked={everyHost}
            onChange={(event) => setEveryHost(event.target.checked)}
          />{' '}
          Use for every instance with user {login.user}
        </label>
      )}
      <PromptActions promptId={prompt.promptId} onOk={submit} />
    </>
  );
}
