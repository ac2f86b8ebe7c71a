// One remote command on its own exec channel: stdin written then closed, output collected, bounded.
import type { ClientChannel } from 'ssh2';
import type { LiveConnection } from './connection.js';
import { seconds } from './context.js';
import type { SessionError } from './errors.js';
import type { ExecResult } from './types.js';

/** What runExec reports besides the result, for the transcript. */
export interface ExecOutcome {
  readonly result?: ExecResult;
  readonly error?: SessionError;
  readonly bytesIn: number;
}

type Exit = { code: number | null; signal: string | null };

interface OpenedExec {
  readonly channel: ClientChannel;
  /** Filled by the 'exit' listener, which must be attached before ssh2 parses the rest of the packet batch. */
  readonly exit: { value?: Exit };
}

function openExec(command: string) {
  return (client: LiveConnection['client']): Promise<OpenedExec> =>
    new Promise((resolve, reject) =>
      client.exec(command, (error, channel) => {
        if (error) return reject(error);
        // ssh2 may parse exit-status in the same read as the open confirmation, before any await resumes.
        const exit: OpenedExec['exit'] = {};
        channel.on('exit', (code: number | null, signal?: string) => {
          exit.value = { code: typeof code === 'number' ? code : null, signal: signal ?? null };
        });
        resolve({ channel, exit });
      }),
    );
}

/** Runs `command` (already wrapped and final) and never throws: failures come back as `error`. */
export async function runExec(conn: LiveConnection, command: string, stdin: Buffer | undefined, timeoutMs: number): Promise<ExecOutcome> {
  const started = Date.now();
  let opened;
  try {
    opened = await conn.openChannel('exec', openExec(command), undefined, command);
  } catch (error) {
    return { error: error as SessionError, bytesIn: 0 };
  }
  const { channel: { channel, exit: exitHolder }, permit } = opened;
  return new Promise<ExecOutcome>((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytesIn = 0;
    let settled = false;
    let offEnd = (): void => undefined;
    let pendingCloses = 2; // the channel and its stderr stream both finish before the output is complete

    const finish = (outcome: Omit<ExecOutcome, 'bytesIn'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      offEnd();
      resolve({ ...outcome, bytesIn });
    };
    const timer = setTimeout(() => {
      // Closing the channel does not reliably stop the remote process (hence the host-side bound).
      channel.signal('KILL');
      channel.close();
      finish({ error: conn.ctx.error('timeout', `timeout: exec did not finish within ${seconds(timeoutMs)}: ${command}`, { operation: 'exec' }) });
      // Let the slot go even if the server never confirms the close.
      setTimeout(() => permit.release(), conn.ctx.timeouts.closeGraceMs).unref();
    }, timeoutMs);
    offEnd = conn.onEnd(() => {
      permit.release();
      finish({ error: conn.lostDuring('exec', undefined, command) });
    });
    const closed = (): void => {
      pendingCloses -= 1;
      if (pendingCloses > 0) return;
      permit.release();
      // A dead host sends no exit status: without one, a close caused by the connection dying is a loss.
      const exit = exitHolder.value;
      if (!exit && conn.ended) return finish({ error: conn.lostDuring('exec', undefined, command) });
      finish({ result: { code: exit?.code ?? null, signal: exit?.signal ?? null, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), durationMs: Date.now() - started } });
    };

    channel.on('data', (chunk: Buffer) => {
      bytesIn += chunk.length;
      stdout.push(chunk);
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      bytesIn += chunk.length;
      stderr.push(chunk);
    });
    channel.on('error', () => undefined);
    channel.once('close', closed);
    channel.stderr.once('close', closed);
    channel.end(stdin);
  });
}
