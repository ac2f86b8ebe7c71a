import { useState } from 'react';
import type { Prompt } from '../../shared/contract/events.js';
import type { DeepReadonly } from '../store/readonly.js';
import { useAppStore } from '../store/store-context.js';
import { PromptActions } from './PromptActions.js';

type SecretKind = Extract<Prompt, { kind: 'password' | 'passphrase' }>;

/** Asks for a password or key passphrase; the secret lives in this component only until it is sent. */
export function SecretPrompt({ prompt }: { readonly prompt: DeepReadonly<SecretKind> }) {
  const [secret, setSecret] = useState('');
  const answer = useAppStore((state) => state.answerPrompt);
  const submit = (): void => {
    const kind = prompt.kind;
    setSecret('');
    void answer(prompt.promptId, { kind, secret });
  };
  return (
    <>
      <h2 id="prompt-title">{prompt.kind === 'password' ? 'Password needed' : 'Key passphrase needed'}</h2>
      <p>
        {prompt.kind === 'password'
          ? `${prompt.purpose === 'sudo' ? 'sudo password' : prompt.purpose === 'rest' ? 'REST API password' : 'SSH password'} for ${prompt.user}@${prompt.host} (${prompt.instance})`
          : `Passphrase of ${prompt.keyPath}`}
      </p>
      <p className="muted small">It is kept in memory for this session only and never written to the project.</p>
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
      />
      <PromptActions promptId={prompt.promptId} onOk={submit} />
    </>
  );
}
