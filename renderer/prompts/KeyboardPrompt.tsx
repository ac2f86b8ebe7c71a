import { useState } from 'react';
import type { Prompt } from '../../shared/contract/events.js';
import type { DeepReadonly } from '../store/readonly.js';
import { useAppStore } from '../store/store-context.js';
import { PromptActions } from './PromptActions.js';

type KeyboardKind = Extract<Prompt, { kind: 'kbd-interactive' }>;

/**
 * The SSH server's own questions (keyboard-interactive), e.g. a one-time code after the password: its
 * name and instructions as it sent them, one field per question, masked unless the server allows echo.
 * The answers live in this component only until they are sent.
 */
export function KeyboardPrompt({ prompt }: { readonly prompt: DeepReadonly<KeyboardKind> }) {
  const [answers, setAnswers] = useState<string[]>(() => prompt.prompts.map(() => ''));
  const answer = useAppStore((state) => state.answerPrompt);
  const submit = (): void => {
    const sent = [...answers];
    setAnswers(prompt.prompts.map(() => ''));
    void answer(prompt.promptId, { kind: 'kbd-interactive', answers: sent });
  };
  return (
    <>
      <h2 id="prompt-title">{prompt.name.trim() || 'The server asks'}</h2>
      <p>
        {`${prompt.user}@${prompt.host} (${prompt.instance})`}
        {prompt.round > 1 ? `, step ${prompt.round}` : ''}
      </p>
      {prompt.instructions.trim() ? (
        <p className="prompt-instructions" data-testid="prompt-instructions">
          {prompt.instructions}
        </p>
      ) : null}
      {prompt.prompts.map((question, index) => (
        <label key={index} className="prompt-field">
          <span>{question.prompt}</span>
          <input
            type={question.echo ? 'text' : 'password'}
            data-testid={`prompt-answer-${index}`}
            autoComplete={question.echo ? 'off' : 'one-time-code'}
            autoFocus={index === 0}
            value={answers[index] ?? ''}
            onChange={(event) => setAnswers((current) => current.map((value, at) => (at === index ? event.target.value : value)))}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && index === prompt.prompts.length - 1) submit();
            }}
          />
        </label>
      ))}
      <p className="muted small">Answers go to the server only; they are never stored or logged.</p>
      <PromptActions promptId={prompt.promptId} onOk={submit} />
    </>
  );
}
