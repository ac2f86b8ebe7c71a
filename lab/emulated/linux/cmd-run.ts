// Commands that run other commands: sudo, sh -c, timeout, command, which.
import { GatedSink } from '../io/sinks.js';
import type { CommandImpl, CommandRun } from './kit.js';
import { fail, out } from './kit.js';
import { findCommand } from './registry.js';
import { runScriptText } from './shell.js';
import { newShell } from './state.js';

/** How many password attempts sudo allows (passwd_tries). */
const SUDO_TRIES = 3;

/** `sh -c 'SCRIPT' [NAME [ARG...]]`: a child shell with the same identity and directory. */
export const shCmd: CommandImpl = (run) => {
  if (run.args[0] !== '-c' || run.args[1] === undefined)
    return Promise.resolve(fail(run, 'only sh -c SCRIPT [NAME [ARG...]] is emulated', 2));
  const [, script, ...positional] = run.args;
  const child = newShell(run.state.session, run.state.root, run.state.cwd, positional.length ? positional : ['sh']);
  return runScriptText(script ?? '', run.io, child);
};

/** `sudo [-n] [-S] [-p PROMPT] [-u root] [-k] [-H] [--] COMMAND [ARG...]` per the host's sudo mode. */
export const sudoCmd: CommandImpl = async (run) => {
  const { sudo: mode, credentials } = run.state.session.host;
  let nonInteractive = false;
  let stdinPassword = false;
  let prompt = `[sudo] password for ${credentials.user}: `;
  let i = 0;
  for (; i < run.args.length; i++) {
    const arg = run.args[i] ?? '';
    if (arg === '--') {
      i += 1;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg === '-p' || arg === '-u') {
      const value = run.args[++i] ?? '';
      if (arg === '-p') prompt = value;
      else if (value !== 'root' && value !== '#0') return fail(run, `running as ${value} is not emulated (only root)`);
      continue;
    }
    if (arg.startsWith('-p')) {
      prompt = arg.slice(2);
      continue;
    }
    for (const letter of arg.slice(1)) {
      if (letter === 'n') nonInteractive = true;
      else if (letter === 'S') stdinPassword = true;
      else if (letter !== 'k' && letter !== 'H') return fail(run, `option -${letter} is not emulated by the lab`);
    }
  }
  const argv = run.args.slice(i);
  const [name, ...args] = argv;
  // `sudo -k` alone forgets cached credentials; the lab never caches them.
  if (name === undefined && run.args.some((arg) => /^-[a-zA-Z]*k/.test(arg))) return 0;
  if (name === undefined) return fail(run, 'usage: sudo [-nS] [-p prompt] [-u root] [--] command [arg ...]');
  if (!run.state.root && mode === 'password') {
    if (nonInteractive) return fail(run, 'a password is required');
    if (!stdinPassword) {
      run.io.stderr.write(
        'sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\n',
      );
      return fail(run, 'a password is required');
    }
    const verdict = await askPassword(run, prompt, credentials.password);
    if (verdict !== null) return fail(run, verdict);
  }
  const found = findCommand(name, false, run.state);
  if (!found) return fail(run, `${name}: command not found`);
  const rootShell = newShell(run.state.session, true, run.state.cwd);
  return found.impl({ name, args, io: run.io, state: rootShell });
};

// Reads up to three lines from stdin; null when one matched, else sudo's closing complaint.
async function askPassword(run: CommandRun, prompt: string, password: string): Promise<string | null> {
  for (let attempt = 0; attempt < SUDO_TRIES; attempt++) {
    run.io.stderr.write(prompt);
    const line = await run.io.stdin.readLine();
    if (line === null) return attempt === 0 ? 'no password was provided' : `${attempt} incorrect password attempt${attempt > 1 ? 's' : ''}`;
    if (line === password) return null;
    run.io.stderr.write('Sorry, try again.\n');
  }
  return `${SUDO_TRIES} incorrect password attempts`;
}

function durationMs(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (!match) return null;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? ''] ?? 1000;
  return Number(match[1]) * unit;
}

/** `timeout [-k D|--kill-after=D] [-s SIG|--signal=SIG] [--preserve-status] DURATION COMMAND...`: 124 on timeout. */
export const timeoutCmd: CommandImpl = async (run) => {
  let i = 0;
  let signal = 'TERM';
  let preserve = false;
  for (; i < run.args.length; i++) {
    const arg = run.args[i] ?? '';
    if (arg === '-k' || arg === '-s') {
      const value = run.args[++i] ?? '';
      if (arg === '-s') signal = value.replace(/^SIG/, '');
    } else if (arg.startsWith('--kill-after=') || arg === '--foreground') continue;
    else if (arg.startsWith('--signal=')) signal = arg.slice(9).replace(/^SIG/, '');
    else if (arg === '--preserve-status') preserve = true;
    else break;
  }
  const limit = durationMs(run.args[i] ?? '');
  if (limit === null) return fail(run, `invalid time interval '${run.args[i] ?? ''}'`, 125);
  const [name, ...args] = run.args.slice(i + 1);
  if (name === undefined) return fail(run, 'missing operand', 125);
  const found = findCommand(name, false, run.state);
  if (!found) return fail(run, `failed to run command '${name}': No such file or directory`, 127);
  const stdout = new GatedSink(run.io.stdout);
  const stderr = new GatedSink(run.io.stderr);
  const child = found.impl({ name, args, io: { stdin: run.io.stdin, stdout, stderr }, state: run.state });
  if (limit === 0) return child;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), limit);
  });
  const result = await Promise.race([child, expired]);
  clearTimeout(timer);
  if (result !== 'expired') return result;
  // The emulated command cannot be killed; its later output is cut off instead.
  stdout.close();
  stderr.close();
  if (preserve) return signal === 'KILL' || signal === '9' ? 137 : 143;
  return signal === 'KILL' || signal === '9' ? 137 : 124;
};

/** `command -v NAME` (what would run) and `command NAME ARG...` (run it, skipping functions). */
export const commandCmd: CommandImpl = async (run) => {
  if (run.args[0] === '-v') {
    const name = run.args[1];
    const found = name === undefined ? null : findCommand(name, true);
    if (!found) return 1;
    out(run, `${found.shown}\n`);
    return 0;
  }
  const [name, ...args] = run.args;
  if (name === undefined) return 0;
  const found = findCommand(name, true);
  if (!found) {
    run.io.stderr.write(`sh: 1: ${name}: not found\n`);
    return 127;
  }
  return found.impl({ name, args, io: run.io, state: run.state });
};

/** `which NAME...`: paths of the emulated tools; 1 when any is missing. */
export const whichCmd: CommandImpl = (run) => {
  let status = 0;
  for (const name of run.args) {
    const found = findCommand(name, false);
    if (found) out(run, `${found.shown}\n`);
    else status = 1;
  }
  return Promise.resolve(status);
};
