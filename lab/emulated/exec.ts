// One exec request: feeds the channel to the host's shell and reports the exit status.
import type { ServerChannel } from 'ssh2';
import type { CommandIo, SessionContext } from './context.js';
import { flood } from './faults.js';
import { ConnectionDropped } from './fs/errors.js';
import { ChannelInput } from './io/input.js';
import { ChannelSink } from './io/sinks.js';
import { runLinuxCommandLine } from './linux/shell.js';
import { runCmdLine } from './windows/cmd.js';

/** Exit status a shell gives when the emulation itself failed (EX_SOFTWARE). */
const INTERNAL_ERROR = 70;

/** Runs `command` with the host's default shell (sh on Linux, cmd.exe on Windows) on the channel. */
export function runExec(channel: ServerChannel, command: string, session: SessionContext): void {
  const floodBytes = session.host.faults.floodBytes;
  if (floodBytes !== undefined) {
    // The flood fault: whatever was asked, stdout never stops (or stops after floodBytes); exit 0 if it ends.
    channel.on('error', () => undefined);
    void flood(channel, floodBytes).then(() => finish(channel, 0));
    return;
  }
  const stdin = new ChannelInput();
  const stdout = new ChannelSink(channel);
  const stderr = new ChannelSink(channel.stderr);
  channel.on('data', (chunk: Buffer) => stdin.push(chunk));
  channel.on('end', () => stdin.end());
  channel.on('error', () => stdin.end());
  channel.on('close', () => {
    stdin.end();
    stdout.close();
    stderr.close();
  });
  const io: CommandIo = { stdin, stdout, stderr };
  const shell = session.host.instance.os === 'linux' ? runLinuxCommandLine : runCmdLine;
  shell(command, io, session).then(
    (code) => finish(channel, code),
    (error: unknown) => {
      // The drop fault already cut the connection: a dead host sends no exit status.
      if (error instanceof ConnectionDropped) return;
      stderr.write(`emulated host: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      finish(channel, INTERNAL_ERROR);
    },
  );
}

function finish(channel: ServerChannel, code: number): void {
  try {
    channel.exit(code);
    channel.end();
  } catch {
    // The client closed the channel first.
  }
}
