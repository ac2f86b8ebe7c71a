// ssh2's authHandler for the project's Auth: one method, chosen from what the server offers, no surprise prompts.
import type { AuthHandlerMiddleware, AuthenticationType, KeyboardInteractiveCallback, NextAuthHandler, Prompt } from 'ssh2';
import type { SessionContext } from './context.js';
import type { SessionError } from './errors.js';
import { isSessionError, messageOf } from './errors.js';
import { loadPrivateKey } from './key-file.js';
import type { PersonWait, SessionSecrets } from './secrets.js';

type Method = Exclude<AuthenticationType, 'none' | 'hostbased'>;

// The SSH method behind each project auth, in preference order; password and keyboard-interactive
// carry the same password, and PAM servers often offer only one of the two.
const CANDIDATES: Record<SessionContext['target']['auth']['method'], readonly Method[]> = {
  agent: ['agent'],
  key: ['publickey'],
  password: ['password', 'keyboard-interactive'],
  'keyboard-interactive': ['keyboard-interactive', 'password'],
};

// A keyboard-interactive prompt that asks for the password (PAM's "Password: ", localized forms).
// "Passcode" (RSA SecurID) and "code" are one-time codes, not the password: a person answers those.
const PASSWORD_PROMPT = /password|passwort|mot de passe|contrase(ñ|n)a|senha|wachtwoord|пароль/i;

// The server lists "publickey"; ssh2 calls agent-held keys "agent".
const wireName = (method: Method): string => (method === 'agent' ? 'publickey' : method);

/** The authHandler plus what it learned, for the error message when login fails. */
export interface AuthFlow {
  readonly handler: AuthHandlerMiddleware;
  /** Methods tried, with what went wrong in each where known. */
  readonly tried: string[];
  /** ssh2 reports agent trouble as a non-fatal error; the flow keeps it for the final message. */
  noteAgentError(message: string): void;
  /** The generic "authentication failed" error naming the methods tried. */
  failure(): SessionError;
  /** True when the login failed because the server refused the password sent (password or keyboard-interactive). */
  readonly passwordRefused: boolean;
}

/** The agent to use: explicit socket, else SSH_AUTH_SOCK, else Pageant on Windows. */
export function agentPath(ctx: SessionContext): string | undefined {
  if (ctx.deps.agentSocket) return ctx.deps.agentSocket;
  if (process.env.SSH_AUTH_SOCK) return process.env.SSH_AUTH_SOCK;
  return process.platform === 'win32' ? 'pageant' : undefined;
}

/** Builds the handler; `abort` ends the login with a specific error (the caller closes the connection). */
export function createAuthFlow(
  ctx: SessionContext,
  secrets: SessionSecrets,
  person: PersonWait,
  abort: (error: SessionError) => void,
): AuthFlow {
  const { target } = ctx;
  const username = target.user;
  const tried: string[] = [];
  let attempted = false;
  // The password went to the server in this attempt: a plain failure after it is the server refusing it.
  let passwordSent = false;
  let passwordRefused = false;
  let agentError: string | undefined;

  const failure = (): SessionError => {
    const agent = agentError ? `; agent: ${agentError}` : '';
    return ctx.error('auth-failed', `authentication failed for ${ctx.login} (methods tried: ${tried.join(', ') || 'none'})${agent}`, {
      operation: 'connect',
    });
  };

  const keyboard = (next: NextAuthHandler): void => {
    let round = 0;
    let passwordGiven = false;
    const rounds: string[] = [];
    const note = (text: string): void => {
      rounds.push(text);
      secrets.keyboardRounds = [...rounds];
      tried[tried.length - 1] = `keyboard-interactive (${rounds.join(', then ')})`;
    };
    const prompt = (name: string, instructions: string, _lang: string, prompts: Prompt[], finish: KeyboardInteractiveCallback): void => {
      // A round without questions only carries text (RFC 4256 3.3): it is answered with nothing.
      if (prompts.length === 0) return finish([]);
      round += 1;
      const shown = prompts.map((p) => JSON.stringify(p.prompt.trim())).join(' and ');
      const only = prompts.length === 1 ? prompts[0] : undefined;
      // The password answers one masked prompt that says it wants the password, once; anything else
      // (a one-time code, several questions, an echoed question) is shown to the person as asked.
      if (only && only.echo !== true && !passwordGiven && PASSWORD_PROMPT.test(only.prompt)) {
        passwordGiven = true;
        note(`${shown} answered with the password`);
        secrets.loginPassword(person).then(
          (password) => {
            passwordSent = true;
            finish([password]);
          },
          (error: unknown) => abort(asSessionError(ctx, error)),
        );
        return;
      }
      note(`${shown} answered by a person`);
      // A later round (a one-time code) may be what the server refused: only a password sent last counts as refused.
      passwordSent = false;
      secrets
        .keyboardAnswers(person, { name, instructions, prompts: prompts.map((p) => ({ prompt: p.prompt, echo: p.echo === true })), round })
        .then(
          (answers) => finish(answers),
          (error: unknown) => abort(asSessionError(ctx, error)),
        );
    };
    next({ type: 'keyboard-interactive', username, prompt });
  };

  const start = async (method: Method, next: NextAuthHandler): Promise<void> => {
    switch (method) {
      case 'password': {
        const password = await secrets.loginPassword(person);
        passwordSent = true;
        return next({ type: 'password', username, password });
      }
      case 'publickey': {
        if (target.auth.method !== 'key') throw new Error('publickey without a key file');
        const { keyPath } = target.auth;
        return next({ type: 'publickey', username, key: await secrets.privateKey(() => loadPrivateKey(ctx, keyPath, person)) });
      }
      case 'agent': {
        const agent = agentPath(ctx);
        if (!agent)
          throw ctx.error('auth-failed', `authentication failed for ${ctx.login}: no SSH agent (SSH_AUTH_SOCK is not set)`, {
            operation: 'connect',
          });
        return next({ type: 'agent', username, agent });
      }
      case 'keyboard-interactive':
        return keyboard(next);
    }
  };

  const handler: AuthHandlerMiddleware = (methodsLeft, partialSuccess, next) => {
    // ssh2 passes null on the first call: ask with "none" to learn which methods the server offers.
    if ((methodsLeft as AuthenticationType[] | null) === null) return next({ type: 'none', username });
    const offered = methodsLeft;
    if (attempted) {
      if (partialSuccess) {
        abort(
          ctx.error(
            'auth-failed',
            `authentication failed for ${ctx.login}: the server wants a further method (${offered.join(', ')}) after ${tried.join(', ')}; multi-step login is not supported`,
            { operation: 'connect' },
          ),
        );
        return;
      }
      passwordRefused = passwordSent;
      abort(failure());
      return;
    }
    const method = CANDIDATES[target.auth.method].find((candidate) => offered.includes(wireName(candidate) as AuthenticationType));
    if (!method) {
      abort(
        ctx.error(
          'auth-failed',
          `authentication failed for ${ctx.login}: the server does not offer ${target.auth.method} authentication (it offers: ${offered.join(', ') || 'nothing'})`,
          { operation: 'connect' },
        ),
      );
      return;
    }
    attempted = true;
    tried.push(method === 'agent' ? 'publickey (ssh-agent)' : method);
    start(method, next).catch((error: unknown) => abort(asSessionError(ctx, error)));
  };

  return {
    handler,
    tried,
    noteAgentError: (message) => {
      agentError = message;
    },
    failure,
    get passwordRefused() {
      return passwordRefused;
    },
  };
}

function asSessionError(ctx: SessionContext, error: unknown): SessionError {
  return isSessionError(error)
    ? error
    : ctx.error('auth-failed', `authentication failed for ${ctx.login}: ${messageOf(error)}`, { operation: 'connect' });
}
