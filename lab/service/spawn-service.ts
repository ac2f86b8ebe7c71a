import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { withLabRest } from '../simulator/lab-rest.js';

/** How a start attempt ended within the watch window. */
export type SpawnOutcome = { readonly kind: 'running'; readonly pid: number } | { readonly kind: 'exited'; readonly message: string };

/** What to run and how long to watch it. */
export interface SpawnRequest {
  readonly nodePath: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly watchMs: number;
  /** A log line (written after the start) that ends the watch early: the start is settled, config accepted. */
  readonly settledLine?: RegExp;
}

// How often the log is read for the settled line while the child is watched.
const SETTLED_POLL_MS = 25;

// Enough of a log to find the refusal line, however chatty the run before it was.
const MAX_LOG_TAIL_BYTES = 64 * 1024;

/**
 * Starts the simulator detached (its own session, stdout and stderr appended to the log, so even a
 * crash before its logger exists is recorded) and watches it for `watchMs`: still running then means
 * started, as systemd's Type=simple sees it; an earlier exit is a failed start with the log's error line.
 * With `settledLine`, the window ends as soon as the log shows that line (the child accepted its config),
 * so a loaded machine where node takes seconds to boot cannot turn a refused start into a "started" one.
 * Every lab start serves REST as well (lab-rest.ts), however it was started: the lab daemon, an emulated
 * host's systemctl or the OpenSSH hosts' stand-in.
 */
export async function spawnService(request: SpawnRequest): Promise<SpawnOutcome> {
  const logOffset = await stat(request.logFile).then(
    (info) => info.size,
    () => 0,
  );
  const output = openSync(request.logFile, 'a');
  const child = spawn(request.nodePath, withLabRest(request.args), { detached: true, stdio: ['ignore', output, output] });
  closeSync(output);
  const ended = await new Promise<string | undefined>((resolve) => {
    let poll: NodeJS.Timeout | undefined;
    const finish = (result: string | undefined): void => {
      clearTimeout(timer);
      if (poll !== undefined) clearInterval(poll);
      resolve(result);
    };
    const timer = setTimeout(() => finish(undefined), request.watchMs);
    child.once('error', (error) => finish(`cannot run ${request.nodePath}: ${error.message}`));
    child.once('exit', (code, signal) => finish(signal === null ? `exited with code ${code ?? '?'}` : `killed by ${signal}`));
    const settled = request.settledLine;
    if (settled !== undefined) {
      let reading = false;
      poll = setInterval(() => {
        if (reading) return;
        reading = true;
        void logSince(request.logFile, logOffset).then((text) => {
          reading = false;
          if (text.split('\n').some((line) => settled.test(line)) && child.exitCode === null && child.signalCode === null)
            finish(undefined);
        });
      }, SETTLED_POLL_MS);
    }
  });
  if (ended === undefined && child.pid !== undefined) {
    // Detached and unreferenced: the service outlives this process, as a unit outlives systemctl.
    child.unref();
    return { kind: 'running', pid: child.pid };
  }
  const line = await lastErrorLine(request.logFile, logOffset);
  return { kind: 'exited', message: `kl_feed_service ${ended ?? 'did not start'}${line === undefined ? '' : `: ${line}`}` };
}

/** The log's text written since `offset` (at most the last MAX_LOG_TAIL_BYTES), empty when unreadable. */
async function logSince(logFile: string, offset: number): Promise<string> {
  const handle = await open(logFile, 'r').catch(() => undefined);
  if (handle === undefined) return '';
  try {
    const size = (await handle.stat()).size;
    const from = Math.max(offset, size - MAX_LOG_TAIL_BYTES);
    const buffer = Buffer.alloc(Math.max(0, size - from));
    await handle.read(buffer, 0, buffer.length, from);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The text of the last ERROR line written since `offset`, else the last non-empty line (a crash trace). */
async function lastErrorLine(logFile: string, offset: number): Promise<string | undefined> {
  const lines = (await logSince(logFile, offset))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const errors = lines.map((line) => /^\S+ ERROR (.*)$/.exec(line)?.[1]).filter((text) => text !== undefined);
  return errors.at(-1) ?? lines.at(-1);
}
