// Commands that describe files: stat -c, ls, df -Pk.
import { statfsSync } from 'node:fs';
import { lsDate, modeString } from '../fs/longname.js';
import { groupName, userName } from '../fs/owners.js';
import { childOf, isUnder } from '../fs/paths.js';
import { LINUX_FULL_VOLUME } from '../fs/policy.js';
import type { VStat } from '../fs/vfs.js';
import { unescape } from './escapes.js';
import { strftime } from './cmd-date.js';
import type { CommandImpl, CommandRun } from './kit.js';
import { callerOf, fail, out, parseFlags, pathOf, q, reason, vfsOf } from './kit.js';

function kindName(st: VStat): string {
  if (st.kind === 'dir') return 'directory';
  if (st.kind === 'file') return st.size === 0 ? 'regular empty file' : 'regular file';
  return 'unknown';
}

function statField(run: CommandRun, letter: string, st: VStat, operand: string): string {
  const user = run.state.session.host.credentials.user;
  const fields: Record<string, () => string> = {
    a: () => (st.mode & 0o7777).toString(8),
    A: () => modeString(st),
    f: () => st.mode.toString(16),
    F: () => kindName(st),
    u: () => String(st.uid),
    g: () => String(st.gid),
    U: () => userName(st.uid, user),
    G: () => groupName(st.gid, user),
    s: () => String(st.size),
    h: () => '1',
    n: () => operand,
    N: () => q(operand),
    Y: () => String(Math.floor(st.mtimeMs / 1000)),
    X: () => String(Math.floor(st.atimeMs / 1000)),
    y: () =>
      `${strftime('%Y-%m-%d %H:%M:%S', new Date(st.mtimeMs))}.${String(Math.floor((st.mtimeMs % 1000) * 1e6)).padStart(9, '0')} +0000`,
    '%': () => '%',
  };
  return fields[letter]?.() ?? '?';
}

/** `stat -c FORMAT|--format=FORMAT|--printf=FORMAT [-L] FILE...` (%a %A %f %F %u %g %U %G %s %h %n %N %Y %X %y). */
export const statCmd: CommandImpl = (run) => {
  let format: string | undefined;
  let newline = true;
  const operands: string[] = [];
  for (let i = 0; i < run.args.length; i++) {
    const arg = run.args[i] ?? '';
    if (arg === '-c') format = run.args[++i];
    else if (arg.startsWith('--format=')) format = arg.slice(9);
    else if (arg.startsWith('--printf=')) {
      format = unescape(arg.slice(9), false, true).bytes.toString('utf8');
      newline = false;
    } else if (arg === '-L' || arg === '--dereference') continue;
    else if (arg.startsWith('-') && arg !== '-') return Promise.resolve(fail(run, `${arg}: option not emulated (use -c FORMAT)`));
    else operands.push(arg);
  }
  if (format === undefined) return Promise.resolve(fail(run, 'only stat -c/--format/--printf is emulated'));
  if (operands.length === 0) return Promise.resolve(fail(run, 'missing operand'));
  let status = 0;
  for (const operand of operands) {
    const st = vfsOf(run).tryStat(pathOf(run, operand));
    if (!st) {
      status = fail(run, `cannot statx ${q(operand)}: No such file or directory`);
      continue;
    }
    const text = format.replace(/%(.)/g, (_whole, letter: string) => statField(run, letter, st, operand));
    out(run, newline ? `${text}\n` : text);
  }
  return Promise.resolve(status);
};

function longLines(run: CommandRun, entries: { name: string; st: VStat }[]): string[] {
  const user = run.state.session.host.credentials.user;
  const owners = entries.map(({ st }) => userName(st.uid, user));
  const groups = entries.map(({ st }) => groupName(st.gid, user));
  const ownerWidth = Math.max(0, ...owners.map((name) => name.length));
  const groupWidth = Math.max(0, ...groups.map((name) => name.length));
  const sizeWidth = Math.max(0, ...entries.map(({ st }) => String(st.size).length));
  return entries.map(
    ({ name, st }, i) =>
      `${modeString(st)} 1 ${(owners[i] ?? '').padEnd(ownerWidth)} ${(groups[i] ?? '').padEnd(groupWidth)} ${String(st.size).padStart(sizeWidth)} ${lsDate(st.mtimeMs)} ${name}`,
  );
}

/** `ls [-l] [-a|-A] [-1] [-d] [PATH...]` (one name per line, as when output is not a terminal). */
export const lsCmd: CommandImpl = (run) => {
  const { flags, operands, bad } = parseFlags(run.args, 'laA1d');
  if (bad !== undefined) return Promise.resolve(fail(run, `invalid option -- '${bad}' (only -l -a -A -1 -d are emulated)`, 2));
  const vfs = vfsOf(run);
  let status = 0;
  const targets = operands.length ? operands : ['.'];
  targets.forEach((operand, index) => {
    const path = pathOf(run, operand);
    const st = vfs.tryStat(path);
    if (!st) {
      status = fail(run, `cannot access ${q(operand)}: No such file or directory`, 2);
      return;
    }
    let entries: { name: string; st: VStat }[];
    if (st.kind !== 'dir' || flags.has('d')) {
      entries = [{ name: operand, st }];
    } else {
      let names: string[];
      try {
        names = vfs.readdir(path, callerOf(run));
      } catch (error) {
        status = fail(run, `cannot open directory ${q(operand)}: ${reason(error)}`, 2);
        return;
      }
      if (!flags.has('a') && !flags.has('A')) names = names.filter((name) => !name.startsWith('.'));
      if (flags.has('a')) names = ['.', '..', ...names];
      entries = names.map((name) => ({
        name,
        st: vfs.tryStat(name === '..' || name === '.' ? vfs.normalize(name, path) : childOf('linux', path, name)) ?? st,
      }));
      if (targets.length > 1) out(run, `${index > 0 ? '\n' : ''}${operand}:\n`);
      if (flags.has('l')) out(run, `total ${entries.reduce((sum, { st: entry }) => sum + Math.ceil(entry.size / 4096) * 4, 0)}\n`);
    }
    const lines = flags.has('l') ? longLines(run, entries) : entries.map(({ name }) => name);
    if (lines.length) out(run, `${lines.join('\n')}\n`);
  });
  return Promise.resolve(status);
};

/** `df -Pk [PATH...]`: the root volume from the local disk; with `disk-full`, a full /opt volume. */
export const dfCmd: CommandImpl = (run) => {
  const { flags, operands, bad } = parseFlags(run.args, 'Pk');
  if (bad !== undefined || !flags.has('P') || !flags.has('k')) return Promise.resolve(fail(run, 'only df -Pk is emulated'));
  const vfs = vfsOf(run);
  const fs = statfsSync(vfs.instance.rootDir);
  const kib = (blocks: number): number => Math.floor((blocks * fs.bsize) / 1024);
  const rows = new Map<string, string[]>();
  const rowFor = (path: string): string[] => {
    if (isUnder('linux', path, LINUX_FULL_VOLUME) && vfs.policy.volumeFull(path)) {
      const size = kib(fs.blocks) >> 2;
      return ['/dev/vdb1', String(size), String(size), '0', '100%', LINUX_FULL_VOLUME];
    }
    const used = kib(fs.blocks - fs.bfree);
    const available = kib(fs.bavail);
    return [
      '/dev/vda1',
      String(kib(fs.blocks)),
      String(used),
      String(available),
      `${Math.ceil((used * 100) / Math.max(1, used + available))}%`,
      '/',
    ];
  };
  let status = 0;
  const paths = operands.length ? operands : ['/', ...(vfs.policy.volumeFull('/opt') ? ['/opt'] : [])];
  for (const operand of paths) {
    const path = pathOf(run, operand);
    if (!vfs.tryStat(path)) status = fail(run, `${operand}: No such file or directory`);
    else rows.set(`${operand}\0${rows.size}`, rowFor(path));
  }
  if (rows.size === 0) return Promise.resolve(status);
  out(run, 'Filesystem     1024-blocks      Used Available Capacity Mounted on\n');
  for (const [device = '', total = '', used = '', available = '', capacity = '', mount = ''] of rows.values()) {
    out(run, `${device.padEnd(14)} ${total.padStart(11)} ${used.padStart(9)} ${available.padStart(9)} ${capacity.padStart(8)} ${mount}\n`);
  }
  return Promise.resolve(status);
};
