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

async function connect(ctx: SessionContext, secrets: SessionSecrets): Promise<Ssh2Client> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connectOnce(ctx, secrets);
    } catch (error) {
      if (!(error instanceof ConnectFailure))
        throw ctx.error('connection-failed', `cannot connect to ${ctx.where}: ${messageOf(error)}`, { operation: 'connect' });
      // The server gave up (LoginGraceTime) while a person was typing: the secret is known now, so one more try.
      if (error.lostDuringPrompt && attempt === 0) continue;
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
