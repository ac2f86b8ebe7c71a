// openSession: connect, verify the host key, log in, and hand back the session for the whole run.
import type { TranscriptEntry } from '../transcript/entry.js';
import { ConnectFailure, connectOnce } from './connect.js';
import { DEFAULT_MAX_CHANNELS, LiveConnection } from './connection.js';
import type { SessionContext } from './context.js';
import { createContext } from './context.js';
import type { SessionError } from './errors.js';
import { messageOf } from './errors.js';
import { SessionSecrets } from './secrets.js';
import { SshSession, failureFields } from './session.js';
import type { Ssh2Client } from './ssh2-runtime.js';
import type { SessionDeps, SessionTarget } from './types.js';

/** Logins a cluster run tries with a password before the server's refusal is final (the first try and two re-asks). */
export const PASSWORD_TRIES = 3;

async function connect(ctx: SessionContext, secrets: SessionSecrets): Promise<Ssh2Client> {
  const tries = ctx.deps.passwordAttempts ?? 1;
  let lostRetried = false;
  // Bounded: each pass either returns, throws, or uses up one of the two retries below.
  for (;;) {
    try {
      return await connectOnce(ctx, secrets);
    } catch (error) {
      if (!(error instanceof ConnectFailure))
        throw ctx.error('connection-failed', `cannot connect to ${ctx.where}: ${messageOf(error)}`, { operation: 'connect' });
      if (error.passwordRefused) {
        // Forgotten (here and in the engine's memory) even when final, so no later run tries it again.
        secrets.passwordRefused(`${error.error.message}; the server refused the password (attempt ${secrets.refusals + 1} of ${tries})`);
        if (secrets.refusals < tries) continue;
        throw error.error;
      }
      // The server gave up (LoginGraceTime) while a person was typing: the secret is known now, so one more try.
      if (error.lostDuringPrompt && !lostRetried) {
        lostRetried = true;
        continue;
      }
      throw error.error;
    }
  }
}

/** Opens one SSH connection to the target and logs in; rejects with a specific SessionError. */
export async function openSession(target: SessionTarget, deps: SessionDeps): Promise<SshSession> {
  const maxChannels = deps.maxChannels ?? DEFAULT_MAX_CHANNELS;
  // The SFTP channel stays open and holds a slot: with one slot, an exec would wait for ever.
  if (!Number.isInteger(maxChannels) || maxChannels < 2)
    throw new RangeError(`maxChannels must be an integer of at least 2, got ${maxChannels}`);
  const tries = deps.passwordAttempts ?? 1;
  if (!Number.isInteger(tries) || tries < 1 || tries > 10)
    throw new RangeError(`passwordAttempts must be an integer from 1 to 10, got ${tries}`);
  const ctx = createContext(target, deps);
  const secrets = new SessionSecrets(ctx);
  const started = Date.now();
  let failure: SessionError | undefined;
  let client: Ssh2Client | undefined;
  try {
    client = await connect(ctx, secrets);
  } catch (error) {
    failure = error as SessionError;
  }
  const entry: TranscriptEntry = {
    instance: target.instance,
    target: ctx.where,
    kind: 'connect',
    op: 'connect',
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    bytesIn: 0,
    bytesOut: 0,
    note: `user ${target.user}, auth ${target.auth.method}${secrets.keyboardRounds.length > 0 ? `; keyboard-interactive: ${secrets.keyboardRounds.join(', then ')}` : ''}`,
    ...failureFields(failure),
  };
  deps.transcript.record(deps.redactor.redactData(entry));
  if (failure || !client) throw failure;
  return new SshSession(ctx, new LiveConnection(ctx, client), secrets);
}
