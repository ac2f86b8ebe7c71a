import { useEffect } from 'react';
import { useAppStore } from '../store/store-context.js';

/**
 * The "Forget credentials" action (empties the engine's memory of SSH login passwords; the next login to
 * each host asks again) and, beside it, whether the desktop app also keeps them on this computer.
 */
export function ForgetCredentials() {
  const forget = useAppStore((state) => state.forgetCredentials);
  const remember = useAppStore((state) => state.rememberCredentials);
  const setRemember = useAppStore((state) => state.setRememberCredentials);
  useEffect(() => {
    void setRemember();
  }, [setRemember]);
  const available = remember?.available === true;
  return (
    <div className="credentials-actions">
      <button
        type="button"
        data-testid="forget-credentials"
        title="The SSH passwords typed in this session are kept in the engine's memory only; this drops them now"
        onClick={() => void forget()}
      >
        Forget credentials
      </button>
      <label className="check small" data-testid="remember-credentials" data-available={available}>
        <input
          type="checkbox"
          checked={remember?.enabled === true}
          disabled={!available}
          aria-describedby={available ? undefined : 'remember-credentials-why'}
          onChange={(event) => void setRemember(event.target.checked)}
        />{' '}
        Remember passwords on this computer
      </label>
      {remember !== undefined && !available && remember.reason !== undefined && (
        <p className="muted small" id="remember-credentials-why">
          {remember.reason}
        </p>
      )}
    </div>
  );
}
