// Small builtins and tools: true, false, echo, pwd, cd, exit, whoami, hostname, uname, id.
import { ROOT_ID, SUDO_GID, USER_ID } from '../fs/owners.js';
import { unescape } from './escapes.js';
import type { CommandImpl, CommandRun } from './kit.js';
import { fail, out, pathOf, vfsOf } from './kit.js';

/** `true` */
export const trueCmd: CommandImpl = () => Promise.resolve(0);
/** `false` */
export const falseCmd: CommandImpl = () => Promise.resolve(1);

/** dash's builtin echo: only `-n` (first argument), and escapes are always interpreted. */
export const dashEcho: CommandImpl = (run) => {
  let args = [...run.args];
  const noNewline = args[0] === '-n';
  if (noNewline) args = args.slice(1);
  const { bytes, stop } = unescape(args.join(' '), true, false);
  out(run, bytes);
  if (!stop && !noNewline) out(run, '\n');
  return Promise.resolve(0);
};

/** GNU coreutils /usr/bin/echo (what `sudo echo` runs): `-n`, `-e`, `-E`; no escapes by default. */
export const gnuEcho: CommandImpl = (run) => {
  let newline = true;
  let escapes = false;
  let at = 0;
  for (const arg of run.args) {
    if (!/^-[neE]+$/.test(arg)) break;
    for (const letter of arg.slice(1)) {
      if (letter === 'n') newline = false;
      else escapes = letter === 'e';
    }
    at += 1;
  }
  const text = run.args.slice(at).join(' ');
  const { bytes, stop } = escapes ? unescape(text, true, true) : { bytes: Buffer.from(text, 'utf8'), stop: false };
  out(run, bytes);
  if (newline && !stop) out(run, '\n');
  return Promise.resolve(0);
};

/** `pwd` */
export const pwdCmd: CommandImpl = (run) => {
  out(run, `${run.state.cwd}\n`);
  return Promise.resolve(0);
};

/** `cd [DIR]` (dash wording on failure). */
export const cdCmd: CommandImpl = (run) => {
  const target = run.args[0] ?? run.state.vars.get('HOME') ?? '/';
  const path = pathOf(run, target);
  if (vfsOf(run).tryStat(path)?.kind !== 'dir') {
    run.io.stderr.write(`sh: 1: cd: can't cd to ${target}\n`);
    return Promise.resolve(2);
  }
  run.state.cwd = path;
  run.state.vars.set('PWD', path);
  return Promise.resolve(0);
};

/** `exit [N]`: ends the shell with N (default: the last status). */
export const exitCmd: CommandImpl = (run) => {
  const value = run.args[0];
  if (value !== undefined && !/^\d+$/.test(value)) {
    run.io.stderr.write(`sh: 1: exit: Illegal number: ${value}\n`);
    run.state.exitRequested = true;
    return Promise.resolve(2);
  }
  run.state.exitRequested = true;
  return Promise.resolve(value === undefined ? run.state.status : Number(value) & 0xff);
};

/** `whoami` */
export const whoamiCmd: CommandImpl = (run) => {
  out(run, `${run.state.root ? 'root' : run.state.session.host.credentials.user}\n`);
  return Promise.resolve(0);
};

/** `hostname` (also `-s`, `-f`: the lab's hosts have no domain). */
export const hostnameCmd: CommandImpl = (run) => {
  if (run.args.some((arg) => !['-s', '-f', '--short', '--fqdn'].includes(arg)))
    return Promise.resolve(fail(run, 'only -s and -f are emulated'));
  out(run, `${run.state.session.host.instance.name}\n`);
  return Promise.resolve(0);
};

const UNAME: Record<string, (run: CommandRun) => string> = {
  s: () => 'Linux',
  n: (run) => run.state.session.host.instance.name,
  r: () => '6.1.0-28-amd64',
  v: () => '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)',
  m: () => 'x86_64',
  o: () => 'GNU/Linux',
};

/** `uname [-snrvmoa]` of a Debian 12 host. */
export const unameCmd: CommandImpl = (run) => {
  const letters = new Set<string>();
  for (const arg of run.args) {
    if (!/^-[snrvmoa]+$/.test(arg)) return Promise.resolve(fail(run, `invalid option -- '${arg.replace(/^-/, '')}'`));
    for (const letter of arg.slice(1)) {
      if (letter === 'a') 'snrvmo'.split('').forEach((all) => letters.add(all));
      else letters.add(letter);
    }
  }
  if (letters.size === 0) letters.add('s');
  const fields = 'snrvmo'.split('').filter((letter) => letters.has(letter));
  out(run, `${fields.map((letter) => UNAME[letter]?.(run) ?? '').join(' ')}\n`);
  return Promise.resolve(0);
};

/** `id [-u|-g|-G] [-n] [USER]` for root and the login user (groups: own, sudo). */
export const idCmd: CommandImpl = (run) => {
  const user = run.state.session.host.credentials.user;
  const letters = new Set<string>();
  const operands: string[] = [];
  for (const arg of run.args) {
    if (/^-[ugGn]+$/.test(arg))
      arg
        .slice(1)
        .split('')
        .forEach((letter) => letters.add(letter));
    else if (arg.startsWith('-')) return Promise.resolve(fail(run, `invalid option -- '${arg.slice(1)}'`));
    else operands.push(arg);
  }
  const who = operands[0] ?? (run.state.root ? 'root' : user);
  if (who !== 'root' && who !== user) return Promise.resolve(fail(run, `'${who}': no such user`));
  const isRoot = who === 'root';
  const uid = isRoot ? ROOT_ID : USER_ID;
  const groups: [number, string][] = isRoot
    ? [[ROOT_ID, 'root']]
    : [
        [USER_ID, user],
        [SUDO_GID, 'sudo'],
      ];
  const names = letters.has('n');
  if (letters.has('u')) out(run, `${names ? who : uid}\n`);
  else if (letters.has('g')) out(run, `${names ? groups[0]?.[1] : groups[0]?.[0]}\n`);
  else if (letters.has('G')) out(run, `${groups.map(([gid, name]) => (names ? name : gid)).join(' ')}\n`);
  else if (names) return Promise.resolve(fail(run, 'cannot print only names or real IDs in default format'));
  else
    out(
      run,
      `uid=${uid}(${who}) gid=${groups[0]?.[0]}(${groups[0]?.[1]}) groups=${groups.map(([gid, name]) => `${gid}(${name})`).join(',')}\n`,
    );
  return Promise.resolve(0);
};
