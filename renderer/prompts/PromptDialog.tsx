import { missingCase } from '../../shared/util/missing-case.js';
import { useAppStore } from '../store/store-context.js';
import { CertificatePrompt } from './CertificatePrompt.js';
import { HostKeyPrompt } from './HostKeyPrompt.js';
import { KeyboardPrompt } from './KeyboardPrompt.js';
import { SecretPrompt } from './SecretPrompt.js';

/** Shows the oldest question the engine is waiting on, one at a time, above everything else. */
export function PromptDialog() {
  const prompt = useAppStore((state) => state.prompts[0]);
  if (prompt === undefined) return null;
  const body = (() => {
    switch (prompt.kind) {
      case 'host-key-review':
        return <HostKeyPrompt key={prompt.promptId} prompt={prompt} />;
      case 'password':
      case 'passphrase':
        return <SecretPrompt key={prompt.promptId} prompt={prompt} />;
      case 'certificate-review':
        return <CertificatePrompt key={prompt.promptId} prompt={prompt} />;
      case 'kbd-interactive':
        return <KeyboardPrompt key={prompt.promptId} prompt={prompt} />;
      default:
        return missingCase(prompt);
    }
  })();
  return (
    <div className="overlay">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="prompt-title" data-testid="prompt-dialog">
        {body}
      </div>
    </div>
  );
}
