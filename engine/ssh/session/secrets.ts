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
  // The server's refusal of the last password tried, carried by the next password prompt (then cleared).
  #retryReason: string | undefined;
  #refusals = 0;
  /** The last login's keyboard-interactive rounds: what was asked and who answered (never the answers), for the transcript. */
  keyboardRounds: readonly string[] = [];

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
    const retryReason = this.#retryReason;
    const ask = (): Promise<{ readonly secret: string }> =>
      this.ctx.deps.ask<'password'>({
        kind: 'password',
        instance: target.instance,
        user: target.user,
        host: target.host,
        purpose: 'ssh',
        ...(retryReason === undefined ? {} : { retryReason }),
      });
    const answer = await person(async () => {
      if (retryReason === undefined) return askOrCancel(this.ctx, `password prompt for ${this.ctx.login}`, ask);
      try {
        return await ask();
      } catch (error) {
        // Declining to retry (Cancel, a refused --password-env) leaves the server's refusal as the host's outcome.
        throw this.ctx.error('auth-failed', `${retryReason}; not tried again: ${messageOf(error)}`, { operation: 'connect' });
      }
    });
    // Registered before use (a remembered password reaches every new run's redactor here), so that any message quoting it later is already covered.
    this.ctx.deps.redactor.add(answer.secret);
    this.#retryReason = undefined;
    this.#password = answer.secret;
    return answer.secret;
  }

  /** Logins refused so far in this session with a password that was sent. */
  get refusals(): number {
    return this.#refusals;
  }

  /**
   * The server refused the password sent: it is forgotten here and in the engine's memory
   * (deps.passwordRefused), and the next login asks again with the refusal shown.
   */
  passwordRefused(reason: string): void {
    this.#refusals += 1;
    this.#password = undefined;
    this.#retryReason = reason;
    this.ctx.deps.passwordRefused?.(this.ctx.target.user, this.ctx.target.host);
  }

  /**
   * Answers to a keyboard-interactive round a person must answer (e.g. a one-time code), asked
   * through a `kbd-interactive` prompt every time (codes are not reused). Every answer is a secret:
   * registered with the redactor before it is sent, kept nowhere.
   */
  async keyboardAnswers(person: PersonWait, round: KeyboardRound): Promise<string[]> {
    const { target } = this.ctx;
    const answer = await person(() =>
      askOrCancel(this.ctx, `keyboard-interactive prompt for ${this.ctx.login}`, () =>
        this.ctx.deps.ask<'kbd-interactive'>({
          kind: 'kbd-interactive',
          instance: target.instance,
          user: target.user,
          host: target.host,
          name: round.name,
          instructions: round.instructions,
          prompts: round.prompts.map((p) => ({ ...p })),
          round: round.round,
        }),
      ),
    );
    for (const secret of answer.answers) if (secret !== '') this.ctx.deps.redactor.add(secret);
    if (answer.answers.length !== round.prompts.length) {
      throw this.ctx.error(
        'auth-failed',
        `authentication failed for ${this.ctx.login}: ${round.prompts.length} answer(s) needed for the server's questions, ${answer.answers.length} given`,
        { operation: 'connect' },
      );
    }
    return [...answer.answers];
  }
}

/** One keyboard-interactive round as the `kbd-interactive` prompt carries it. */
export interface KeyboardRound {
  readonly name: string;
  readonly instructions: string;
  readonly prompts: readonly { readonly prompt: string; readonly echo: boolean }[];
  readonly round: number;
}

/** Runs a prompt; a cancelled or unanswered prompt becomes a `cancelled` SessionError naming it. */
export async function askOrCancel<T>(ctx: SessionContext, what: string, ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    throw ctx.error('cancelled', `${what}: ${messageOf(error)}`, { operation: 'connect' });
  }
}
