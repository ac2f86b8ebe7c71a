import { useAppStore } from '../store/store-context.js';

/** The "Forget credentials" action: empties the engine's memory of SSH login passwords; the next login to each host asks again. */
export function ForgetCredentials() {
  const forget = useAppStore((state) => state.forgetCredentials);
  return (
    <button
      type="button"
      data-testid="forget-credentials"
      title="The SSH passwords typed in this session are kept in the engine's memory only; this drops them now"
      onClick={() => void forget()}
    >
      Forget credentials
    </button>
  );
}
