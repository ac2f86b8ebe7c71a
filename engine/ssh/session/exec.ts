// One remote command on its own exec channel: stdin written then closed, output collected, bounded
// from the moment it is asked for (waiting for a channel slot and the channel open included).
import type { ClientChannel } from 'ssh2';
import { formatBytes } from './caps.js';
import type { LiveConnection, OpenGuard } from './connection.js';
import { seconds } from './context.js';
import type { SessionError } from './errors.js';
import type { Ssh2Client } from './ssh2-runtime.js';
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

/** The slice of ssh2's channel table this file touches (ssh2 1.17 `lib/utils.js` ChannelManager). */
interface ChannelTable {
  add(value: unknown): number;
  get(id: number): unknown;
  update(id: number, value: unknown): void;
}

/** The pending open of an exec channel, which a timeout can disarm before the server confirms it. */
interface PendingOpen {
  /** Makes a later open confirmation close the channel instead of sending the command; false if it cannot. */
  disarm(): boolean;
}

/**
 * ssh2's `exec` sends the command as soon as the server confirms the channel. A timeout that fires
 * before that confirmation must stop the command from ever being sent, so the pending open's entry in
 * ssh2's channel table (the callback it will call on confirmation) is swapped for one that closes the
 * channel. ssh2 has no public API for this; when its internals differ, disarm() says so and the
 * channel is closed once it opens (the command may then have started).
 */
function openExec(command: string, pending: { current?: PendingOpen }, closeGraceMs: number) {
  return (client: Ssh2Client): Promise<OpenedExec> =>
    new Promise((resolve, reject) => {
      const table = (client as unknown as { _chanMgr?: ChannelTable })._chanMgr;
      let id = -1;
      const originalAdd = table?.add;
      if (table && typeof originalAdd === 'function') {
        table.add = function (this: ChannelTable, value: unknown): number {
          id = originalAdd.call(this, value);
          return id;
        };
      }
      try {
        client.exec(command, (error, channel) => {
          if (error) return reject(error);
          // ssh2 may parse exit-status in the same read as the open confirmation, before any await resumes.
          const exit: OpenedExec['exit'] = {};
          channel.on('exit', (code: number | null, signal?: string) => {
            exit.value = { code: typeof code === 'number' ? code : null, signal: signal ?? null };
          });
          resolve({ channel, exit });
        });
      } finally {
        if (table && originalAdd) table.add = originalAdd;
      }
      pending.current = {
        disarm: () => {
          if (!table || id < 0 || typeof table.get(id) !== 'function') return false;
          // On a late confirmation: close the channel unused, then end this open as failed, which gives
          // the slot back (once the server confirms the close, or after the grace period).
          table.update(id, (error: unknown, channel?: ClientChannel) => {
            const abandoned = (): void =>
              reject(new Error(`exec abandoned after its timeout: ${error instanceof Error ? error.message : 'channel closed unused'}`));
            if (!channel) return abandoned();
            channel.on('error', () => undefined);
            channel.once('close', abandoned);
            setTimeout(abandoned, closeGraceMs).unref();
            channel.close();
          });
          return true;
        },
      };
    });
}

/** Runs `command` (already wrapped and final) and never throws: failures come back as `error`. */
export function runExec(
  conn: LiveConnection,
  command: string,
  stdin: Buffer | undefined,
  timeoutMs: number,
  capBytes: number,
): Promise<ExecOutcome> {
  const started = Date.now();
  const guard: OpenGuard & { slot: boolean } = { aborted: false, slot: false };
  guard.onSlot = () => (guard.slot = true);
  const pending: { current?: PendingOpen } = {};
  return new Promise<ExecOutcome>((resolve) => {
    let settled = false;
    let bytesIn = 0;
    let onTimeout = (): void => {
      // Still without a channel: nothing runs on the host; make sure nothing will.
      guard.aborted = true;
      pending.current?.disarm();
      const why = guard.slot ? 'the server did not confirm the channel open' : 'no channel slot became free';
      finish({
        error: conn.ctx.error('timeout', `timeout: exec did not start within ${seconds(timeoutMs)} (${why}): ${command}`, {
          operation: 'exec',
        }),
      });
    };
    let offEnd = (): void => undefined;
    const finish = (outcome: Omit<ExecOutcome, 'bytesIn'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      offEnd();
      resolve({ ...outcome, bytesIn });
    };
    const timer = setTimeout(() => onTimeout(), timeoutMs);

    conn.openChannel('exec', openExec(command, pending, conn.ctx.timeouts.closeGraceMs), undefined, command, guard).then(
      ({ channel: { channel, exit: exitHolder }, permit }) => {
        if (settled) {
          // Opened after the bound ran out (ssh2's internals could not be disarmed): close it at once.
          channel.on('error', () => undefined);
          channel.once('close', () => permit.release());
          channel.signal('KILL');
          channel.close();
          setTimeout(() => permit.release(), conn.ctx.timeouts.closeGraceMs).unref();
          return;
        }
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let pendingCloses = 2; // the channel and its stderr stream both finish before the output is complete
        onTimeout = () => {
          // Closing the channel does not reliably stop the remote process (hence the host-side bound).
          channel.signal('KILL');
          channel.close();
          finish({
            error: conn.ctx.error('timeout', `timeout: exec did not finish within ${seconds(timeoutMs)}: ${command}`, {
              operation: 'exec',
            }),
          });
          // Let the slot go even if the server never confirms the close.
          setTimeout(() => permit.release(), conn.ctx.timeouts.closeGraceMs).unref();
        };
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
          finish({
            result: {
              code: exit?.code ?? null,
              signal: exit?.signal ?? null,
              stdout: Buffer.concat(stdout),
              stderr: Buffer.concat(stderr),
              durationMs: Date.now() - started,
            },
          });
        };

        const overflow = (): void => {
          // Stop at once: keep nothing more, ask the host to stop, and give the slot back even if it never confirms.
          stdout.length = 0;
          stderr.length = 0;
          channel.removeAllListeners('data');
          channel.stderr.removeAllListeners('data');
          channel.signal('KILL');
          channel.close();
          const message = `output-too-large: exec output went over its cap of ${formatBytes(capBytes)} (${bytesIn} bytes had arrived; reading stopped): ${command}`;
          finish({
            error: conn.ctx.error('output-too-large', message, { operation: 'exec', limitBytes: capBytes, receivedBytes: bytesIn }),
          });
          setTimeout(() => permit.release(), conn.ctx.timeouts.closeGraceMs).unref();
        };
        const take = (into: Buffer[]) => (chunk: Buffer) => {
          if (settled) return;
          bytesIn += chunk.length;
          if (bytesIn > capBytes) return overflow();
          into.push(chunk);
        };
        channel.on('data', take(stdout));
        channel.stderr.on('data', take(stderr));
        channel.on('error', () => undefined);
        channel.once('close', closed);
        channel.stderr.once('close', closed);
        channel.end(stdin);
      },
      (error: unknown) => finish({ error: error as SessionError }),
    );
  });
}
