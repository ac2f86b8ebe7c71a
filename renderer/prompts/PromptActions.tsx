import { useAppStore } from '../store/store-context.js';

/** The Cancel / confirm buttons every prompt dialog ends with; Cancel answers the prompt with `cancel`. */
export function PromptActions({ promptId, okLabel = 'OK', onOk }: { readonly promptId: string; readonly okLabel?: string; readonly onOk: () => void }) {
  const answer = useAppStore((state) => state.answerPrompt);
  return (
    <div className="dialog-actions">
      <button type="button" data-testid="prompt-cancel" onClick={() => void answer(promptId, { kind: 'cancel' })}>
        Cancel
      </button>
      <button type="button" className="primary" data-testid="prompt-ok" onClick={onOk}>
        {okLabel}
      </button>
    </div>
  );
}
