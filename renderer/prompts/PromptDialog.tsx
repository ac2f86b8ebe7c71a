import { useRef } from 'react';
import type { Prompt } from '../../shared/contract/events.js';
import { missingCase } from '../../shared/util/missing-case.js';
import type { DeepReadonly } from '../store/readonly.js';
import { useAppStore } from '../store/store-context.js';
import { CertificatePrompt } from './CertificatePrompt.js';
import { HostKeyPrompt } from './HostKeyPrompt.js';
import { KeyboardPrompt } from './KeyboardPrompt.js';
import { SecretPrompt } from './SecretPrompt.js';
import { useDialogFocus } from './use-dialog-focus.js';

/** Shows the oldest question the engine is waiting on, one at a time, above everything else. */
export function PromptDialog() {
  const prompt = useAppStore((state) => state.prompts[0]);
  if (prompt === undefined) return null;
  return <OpenPrompt key={prompt.promptId} prompt={prompt} />;
}

/** One open prompt as a modal dialog: focus inside it, Escape cancels (as the Cancel button does). */
function OpenPrompt({ prompt }: { readonly prompt: DeepReadonly<Prompt> }) {
  const answer = useAppStore((state) => state.answerPrompt);
  const dialog = useRef<HTMLDivElement>(null);
  useDialogFocus(dialog, prompt.promptId, () => void answer(prompt.promptId, { kind: 'cancel' }));
  const body = (() => {
    switch (prompt.kind) {
      case 'host-key-review':
        return <HostKeyPrompt prompt={prompt} />;
      case 'password':
      case 'passphrase':
        return <SecretPrompt prompt={prompt} />;
      case 'certificate-review':
        return <CertificatePrompt prompt={prompt} />;
      case 'kbd-interactive':
        return <KeyboardPrompt prompt={prompt} />;
      default:
        return missingCase(prompt);
    }
  })();
  return (
    <div className="overlay">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="prompt-title"
        data-testid="prompt-dialog"
        ref={dialog}
        tabIndex={-1}
      >
        {body}
      </div>
    </div>
  );
}
