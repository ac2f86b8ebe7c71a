// One login attempt: TCP, banner, key exchange with the injected host-key verdict, then authentication.
import type { ServerHostKeyAlgorithm } from 'ssh2';
import type { SessionContext } from './context.js';
import { seconds } from './context.js';
import type { SessionError } from './errors.js';
import { messageOf } from './errors.js';
import { createAuthFlow } from './auth-handler.js';
import { PausableTimer } from './pausable-timer.js';
import type { PersonWait, SessionSecrets } from './secrets.js';
import type { Ssh2Client } from './ssh2-runtime.js';
import { Client } from './ssh2-runtime.js';

type Stage = 'tcp' | 'handshake' | 'auth';

interface Ssh2Error extends Error {
  level?: string;
  code?: string | number;
}

/**
 * A failed attempt, whether the connection died while a person was being asked (worth one retry), and
 * whether the server refused the password sent (worth asking that host again).
 */
export class ConnectFailure extends Error {
  constructor(
    readonly error: SessionError,
    readonly lostDuringPrompt: boolean,
    readonly passwordRefused = false,
  ) {
    super(error.message);
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

function mapError(ctx: SessionContext, error: Ssh2Error, stage: Stage): SessionError {
  const op = { operation: 'connect', detail: error.message };
  if (/Host denied/.test(error.message))
    return ctx.error('host-key-rejected', `host key of ${ctx.where} was not accepted; refused before authentication`, op);
  if (error.level === 'client-socket' || error.level === 'client-dns') {
    const code = typeof error.code === 'string' ? error.code : '';
    if (UNREACHABLE.has(code) || error.level === 'client-dns')
      return ctx.error('connection-failed', `cannot connect to ${ctx.where}: ${error.message}`, op);
    return ctx.error(
      'connection-lost',
      `connection to ${ctx.where} lost during ${stage === 'auth' ? 'authentication' : 'the SSH handshake'}: ${error.message}`,
      op,
    );
  }
  if (/Connection lost before handshake/.test(error.message))
    return ctx.error('connection-lost', `${ctx.where} closed the connection before the SSH handshake`, op);
  if (error.level === 'handshake' || error.level === 'protocol')
    return ctx.error('connection-failed', `SSH handshake with ${ctx.where} failed: ${error.message}`, op);
  if (stage === 'auth') return ctx.error('auth-failed', `authentication failed for ${ctx.login}: ${error.message}`, op);
  return ctx.error('connection-lost', `connection to ${ctx.where} lost: ${error.message}`, op);
}

function timeoutError(ctx: SessionContext, stage: Stage): SessionError {
  const bound = seconds(ctx.timeouts.readyMs);
  const message =
    stage === 'tcp'
      ? `could not connect to ${ctx.where} within ${bound}`
      : stage === 'handshake'
        ? `${ctx.where} accepted the TCP connection but completed no SSH handshake within ${bound} (no banner or key exchange)`
        : `authentication with ${ctx.where} did not complete within ${bound}`;
  return ctx.error('timeout', `timeout: ${message}`, { operation: 'connect' });
}

/** Connects and logs in once; resolves with a ready client or rejects with a ConnectFailure. */
export function connectOnce(ctx: SessionContext, secrets: SessionSecrets): Promise<Ssh2Client> {
  const { target, timeouts, deps } = ctx;
  const client = new Client();
  let stage: Stage = 'tcp';
  let failure: SessionError | undefined;
  let prompting = false;
  let promptedThenLost = false;

  return new Promise<Ssh2Client>((resolve, reject) => {
    const timer = new PausableTimer(timeouts.readyMs, () => {
      failure ??= timeoutError(ctx, stage);
      client.destroy();
    });
    const person: PersonWait = async (wait) => {
      timer.pause();
      prompting = true;
      try {
        return await wait();
      } finally {
        prompting = false;
        timer.resume();
      }
    };
    const abort = (error: SessionError): void => {
      failure ??= error;
      client.end();
    };
    const auth = createAuthFlow(ctx, secrets, person, abort);

    const onError = (error: Ssh2Error): void => {
      // Non-fatal: ssh2 moves on to the next method; keep the reason for the final message.
      if (error.level === 'agent' || (error.level === 'client-authentication' && /sign/i.test(error.message)))
        return auth.noteAgentError(error.message);
      if (error.level === 'client-authentication') failure ??= auth.failure();
      failure ??= mapError(ctx, error, stage);
    };
    const onClose = (): void => {
      timer.clear();
      if (prompting) promptedThenLost = true;
      const error =
        failure ??
        ctx.error(
          'connection-lost',
          `${ctx.where} closed the connection during ${stage === 'auth' ? 'authentication' : 'the SSH handshake'}`,
          { operation: 'connect' },
        );
      reject(
        new ConnectFailure(
          error,
          promptedThenLost && error.code === 'connection-lost',
          auth.passwordRefused && error.code === 'auth-failed',
        ),
      );
    };
    const onReady = (): void => {
      timer.clear();
      // onError stays: an 'error' with no listener would throw; the session adds its own listeners next.
      client.off('close', onClose);
      resolve(client);
    };

    client.on('connect', () => {
      stage = 'handshake';
    });
    client.on('handshake', () => {
      stage = 'auth';
    });
    // An expired password: ssh2 would wait for a new one for ever; changing it is not this tool's job.
    client.on('change password', () =>
      abort(
        ctx.error(
          'auth-failed',
          `authentication failed for ${ctx.login}: the server requires a password change; change it with an SSH client first`,
          { operation: 'connect' },
        ),
      ),
    );
    client.on('error', onError);
    client.on('close', onClose);
    client.once('ready', onReady);
    timer.resume();
    try {
      client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        // ssh2's readyTimeout would also count the time a person takes to type; our timer pauses for that.
        readyTimeout: 0,
        keepaliveInterval: timeouts.keepaliveIntervalMs,
        keepaliveCountMax: timeouts.keepaliveCountMax,
        authHandler: auth.handler,
        ...(deps.hostKeyAlgorithms ? { algorithms: { serverHostKey: [...deps.hostKeyAlgorithms] as ServerHostKeyAlgorithm[] } } : {}),
        // The callback form: ssh2 treats any returned value (a Promise included) as a synchronous verdict.
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void): void => {
          person(() => deps.verifyHostKey(target.host, target.port, key)).then(
            (accepted) => {
              if (accepted !== true)
                failure ??= ctx.error('host-key-rejected', `host key of ${ctx.where} was not accepted; refused before authentication`, {
                  operation: 'connect',
                });
              verify(accepted === true);
            },
            (error: unknown) => {
              failure ??= ctx.error(
                'host-key-rejected',
                `host key of ${ctx.where} could not be verified (${messageOf(error)}); refused before authentication`,
                { operation: 'connect' },
              );
              verify(false);
            },
          );
        },
      });
      // Request/response traffic of small packets: Nagle plus delayed ACKs would add ~40 ms to each.
      client.setNoDelay(true);
    } catch (error) {
      timer.clear();
      reject(
        new ConnectFailure(
          ctx.error('connection-failed', `cannot connect to ${ctx.where}: ${messageOf(error)}`, { operation: 'connect' }),
          false,
        ),
      );
    }
  });
}
