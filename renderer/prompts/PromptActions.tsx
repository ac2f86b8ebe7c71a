import { useAppStore } from '../store/store-context.js';

/** The Cancel / confirm buttons every prompt dialog ends with; Cancel answers the prompt with `cancel`; `okDisabled` until the answer means something. */
export function PromptActions({
  promptId,
  okLabel = 'OK',
  onOk,
  okDisabled = false,
}: {
  readonly promptId: string;
  readonly okLabel?: string;
  readonly onOk: () => void;
  readonly okDisabled?: boolean;
}) {
  const answer = useAppStore((state) => state.answerPrompt);
  return (
    <div className="dialog-actions">
      <button type="button" data-testid="prompt-cancel" onClick={() => void answer(promptId, { kind: 'cancel' })}>
        Cancel
      </button>
      <button type="button" className="primary" data-testid="prompt-ok" onClick={onOk} disabled={okDisabled}>
        {okLabel}
      </button>
    </div>
  );
}
