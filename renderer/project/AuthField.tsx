import type { Auth } from '../../shared/project/schema.js';
import type { DeepReadonly } from '../store/readonly.js';
import { FieldIssue } from './FieldIssue.js';
import { invalidProps } from './issue-lookup.js';
import { AUTH_METHODS, authFor, pick } from './options.js';

/** Authentication method of one instance, plus the private key path when the method is `key`. */
export function AuthField(props: {
  readonly index: number;
  readonly auth: DeepReadonly<Auth>;
  readonly issue: string | undefined;
  readonly onChange: (auth: Auth) => void;
}) {
  const { index, auth, issue, onChange } = props;
  const keyPath = auth.method === 'key' ? auth.keyPath : '';
  return (
    <div className="auth-field">
      <select
        data-testid={`instance-${index}-auth`}
        aria-label={`Authentication of instance ${index + 1}`}
        value={auth.method}
        onChange={(event) => {
          const method = pick(AUTH_METHODS, event.target.value);
          if (method !== undefined) onChange(authFor(method, keyPath));
        }}
      >
        {AUTH_METHODS.map((method) => (
          <option key={method} value={method}>
            {method}
          </option>
        ))}
      </select>
      {auth.method === 'key' && (
        <input
          data-testid={`instance-${index}-keypath`}
          aria-label={`Private key path of instance ${index + 1}`}
          placeholder="key path on the engine's machine"
          spellCheck={false}
          value={keyPath}
          onChange={(event) => onChange(authFor('key', event.target.value))}
          {...invalidProps(issue, `instance-${index}-keypath-issue`)}
        />
      )}
      {auth.method === 'key' && <FieldIssue id={`instance-${index}-keypath-issue`} message={issue} />}
    </div>
  );
}
