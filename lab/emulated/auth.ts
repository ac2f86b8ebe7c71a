// SSH user authentication as OpenSSH with PAM answers it: publickey, password, keyboard-interactive.
import type { AuthContext, ParsedKey } from 'ssh2';
import type { FaultState } from './faults.js';
import { answerLater } from './faults.js';
import { utils } from './ssh2-runtime.js';
import type { EmulatedCredentials } from './types.js';

/** OpenSSH's default MaxAuthTries: after this many failures the server disconnects. */
export const MAX_AUTH_TRIES = 6;

const METHODS: ('publickey' | 'password' | 'keyboard-interactive')[] = ['publickey', 'password', 'keyboard-interactive'];

/** Parses the authorized key once; a bad key line is a lab bug, so fail loudly at start. */
export function parseAuthorizedKey(publicKey: string): ParsedKey {
  const parsed = utils.parseKey(publicKey);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error)
    throw new Error(`emulated host: cannot parse the user's public key: ${key instanceof Error ? key.message : 'empty'}`);
  return key;
}

/** Authentication state of one connection. */
export class Authenticator {
  private failures = 0;

  constructor(
    private readonly credentials: EmulatedCredentials,
    private readonly authorizedKey: ParsedKey,
    private readonly faults: FaultState,
    /** Ends the connection (MaxAuthTries exceeded). */
    private readonly disconnect: () => void,
  ) {}

  /** Answers one authentication request. A wrong user fails exactly like a wrong secret. */
  handle(ctx: AuthContext): void {
    const userOk = ctx.username === this.credentials.user;
    switch (ctx.method) {
      case 'none':
        // The probe every client starts with; OpenSSH does not count it as a failure.
        return this.later(() => ctx.reject(METHODS));
      case 'password':
        return this.decide(ctx, userOk && ctx.password === this.credentials.password);
      case 'publickey': {
        const matches = userOk && ctx.key.data.equals(this.authorizedKey.getPublicSSH());
        // Without a signature the client only asks whether the key would do (ssh2 answers PK_OK).
        if (!ctx.signature || !ctx.blob) return this.decide(ctx, matches);
        return this.decide(ctx, matches && this.authorizedKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo));
      }
      case 'keyboard-interactive':
        // PAM prompts even for an unknown user, so the prompt reveals nothing.
        return this.later(() =>
          ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
            this.decide(ctx, userOk && answers.length === 1 && answers[0] === this.credentials.password);
          }),
        );
      case 'hostbased':
        return this.decide(ctx, false);
    }
  }

  private decide(ctx: AuthContext, ok: boolean): void {
    this.later(() => {
      if (ok) return ctx.accept();
      this.failures += 1;
      ctx.reject(METHODS);
      if (this.failures >= MAX_AUTH_TRIES) this.disconnect();
    });
  }

  // Answers after the slow fault's delay; a client that left in the meantime is no error.
  private later(answer: () => void): void {
    answerLater(this.faults, () => {
      try {
        answer();
      } catch {
        // The connection is gone.
      }
    });
  }
}
