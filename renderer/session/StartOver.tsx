import { useAppStore } from '../store/store-context.js';

/** The "Start over" action: removes the session saved beside the project and clears this session's results. */
export function StartOver({ testId = 'start-over' }: { readonly testId?: string }) {
  const startOver = useAppStore((state) => state.startOver);
  const busy = useAppStore((state) => state.sessionStatus !== 'idle');
  return (
    <button
      type="button"
      data-testid={testId}
      disabled={busy}
      title="Removes the saved session beside the project and clears the results of this session; the project file stays as it is"
      onClick={() => void startOver()}
    >
      Start over
    </button>
  );
}
