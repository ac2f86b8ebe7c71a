// The secrets a session obtains from a person: asked once, kept in memory only, known to the redactor.
import type { ParsedKey } from 'ssh2';
import type { SessionContext } from './context.js';
import { messageOf } from './errors.js';

/** Runs a wait for a person (prompt, host-key review) with the login bound paused. */
export type PersonWait = <T>(wait: () => Promise<T>) => Promise<T>;

/** The login password of one session, asked for at most once. */
export class SessionSecrets {
  #password: string | undefined;
  #key: ParsedKey | undefined;

  constructor(private readonly ctx: SessionContext) {}

  /** The password obtained so far (for `sudo -S` later); undefined when none was needed. */
  get password(): string | undefined {
    return this.#password;
  }

  /** The decrypted private key, loaded (its passphrase asked) once per session, also across a reconnect. */
  async privateKey(load: () => Promise<ParsedKey>): Promise<ParsedKey> {
    this.#key ??= await load();
    return this.#key;
  }

  /** The login password: the one already obtained, or asked now through a `password` prompt (purpose ssh). */
  async loginPassword(person: PersonWait): Promise<string> {
    if (this.#password !== undefined) return this.#password;
    const { target } = this.ctx;
    const answer = await person(() =>
      askOrCancel(this.ctx, `password prompt for ${this.ctx.login}`, () =>
        this.ctx.deps.ask<'password'>({ kind: 'password', instance: target.instance, user: target.user, host: target.host, purpose: 'ssh' }),
      ),
    );
    // Registered before use, so that any message quoting it later is already covered.
    this.ctx.deps.redactor.add(answer.secret);
    this.#password = answer.secret;
    return answer.secret;
  }
}

/** Runs a prompt; a cancelled or unanswered prompt becomes a `cancelled` SessionError naming it. */
export async function askOrCancel<T>(ctx: SessionContext, what: string, ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    throw ctx.error('cancelled', `${what}: ${messageOf(error)}`, { operation: 'connect' });
  }
}
