// The programs an emulated Windows host has, by file name (built on first use: they import each other).
import { runCmd } from './cmd.js';
import { feedServiceExe } from './feed-service-exe.js';
import { klControlBat } from './kl-control.js';
import type { NativeProgram } from './native.js';
import { writeText } from './native.js';
import { powershellExe } from './powershell-exe.js';
import { scExe } from './sc.js';

/** `whoami`: `computer\user`, lower case, as for a local account. */
const whoamiExe: NativeProgram = (run) => {
  if (run.args.length > 0) {
    writeText(run.io.stderr, `ERROR: whoami ${run.args.join(' ')}: options are not emulated by the lab.\r\n`);
    return Promise.resolve(1);
  }
  const { instance, credentials } = run.session.host;
  writeText(run.io.stdout, `${instance.name.toLowerCase()}\\${credentials.user.toLowerCase()}\r\n`);
  return Promise.resolve(0);
};

/** `hostname` */
const hostnameExe: NativeProgram = (run) => {
  writeText(run.io.stdout, `${run.session.host.instance.name}\r\n`);
  return Promise.resolve(0);
};

/** `cmd /c COMMAND` (also /s, /d, /q); `/k` would stay interactive and is refused. */
const cmdExe: NativeProgram = (run) => {
  const match = /^\s*((?:\/[dqs]\s+)*)\/c\s?(.*)$/is.exec(run.rawArgs);
  if (!match) {
    writeText(run.io.stderr, 'The lab\'s emulated cmd.exe only runs "cmd /c COMMAND".\r\n');
    return Promise.resolve(1);
  }
  let command = match[2] ?? '';
  // cmd strips one pair of quotes around the whole command (the /S rule).
  if (/^\s*".*"\s*$/s.test(command)) command = command.trim().slice(1, -1);
  return runCmd(command, run.io, run.session, run.env);
};

let table: Map<string, NativeProgram> | undefined;

/** Programs by lower-case file name. */
export function programs(): ReadonlyMap<string, NativeProgram> {
  table ??= new Map<string, NativeProgram>([
    ['sc.exe', scExe],
    ['whoami.exe', whoamiExe],
    ['hostname.exe', hostnameExe],
    ['cmd.exe', cmdExe],
    ['powershell.exe', powershellExe],
    ['kl_control.bat', klControlBat],
    // Found by its full path only (native.ts): a bare `kl_feed_service` is not on PATH.
    ['kl_feed_service.exe', feedServiceExe],
  ]);
  return table;
}
