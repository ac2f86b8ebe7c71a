// Commands that change the tree: mkdir, rm, chmod, chown (cp and mv are in cmd-copy.ts).
import { VfsError } from '../fs/errors.js';
import { lookupGroup, lookupUser, USER_ID, ROOT_ID } from '../fs/owners.js';
import { changeMode, changeOwner, makeDir, makeDirs, removeFile, removeTree } from '../fs/tree.js';
import type { CommandImpl } from './kit.js';
import { callerOf, fail, parseFlags, pathOf, q, reason, vfsOf } from './kit.js';
import { applyModeOperand } from './modes.js';

/** `mkdir [-p] [-m OCTAL] DIR...` */
export const mkdirCmd: CommandImpl = (run) => {
  const args = [...run.args];
  let mode = 0o777;
  const m = args.findIndex((arg) => arg === '-m');
  if (m !== -1) {
    const value = args[m + 1] ?? '';
    if (!/^[0-7]{1,4}$/.test(value)) return Promise.resolve(fail(run, `invalid mode ${q(value)} (only octal modes are emulated)`));
    mode = parseInt(value, 8);
    args.splice(m, 2);
  }
  const { flags, operands, bad } = parseFlags(args, 'p');
  if (bad !== undefined) return Promise.resolve(fail(run, `invalid option -- '${bad}'`));
  if (operands.length === 0) return Promise.resolve(fail(run, 'missing operand'));
  let status = 0;
  for (const operand of operands) {
    const path = pathOf(run, operand);
    try {
      if (flags.has('p')) makeDirs(vfsOf(run), path, callerOf(run));
      else makeDir(vfsOf(run), path, callerOf(run));
      if (m !== -1) changeMode(vfsOf(run), path, callerOf(run), mode);
    } catch (error) {
      status = fail(run, `cannot create directory ${q(operand)}: ${reason(error)}`);
    }
  }
  return Promise.resolve(status);
};

/** `rm [-f] [-r|-R] FILE...` */
export const rmCmd: CommandImpl = (run) => {
  const { flags, operands, bad } = parseFlags(run.args, 'frR');
  if (bad !== undefined) return Promise.resolve(fail(run, `invalid option -- '${bad}' (only -f, -r, -R are emulated)`));
  if (operands.length === 0) return Promise.resolve(flags.has('f') ? 0 : fail(run, 'missing operand'));
  let status = 0;
  for (const operand of operands) {
    const path = pathOf(run, operand);
    const st = vfsOf(run).tryStat(path);
    if (!st) {
      if (!flags.has('f')) status = fail(run, `cannot remove ${q(operand)}: No such file or directory`);
      continue;
    }
    if (st.kind === 'dir' && !flags.has('r') && !flags.has('R')) {
      status = fail(run, `cannot remove ${q(operand)}: Is a directory`);
      continue;
    }
    try {
      if (st.kind === 'dir') removeTree(vfsOf(run), path, callerOf(run));
      else removeFile(vfsOf(run), path, callerOf(run));
    } catch (error) {
      status = fail(run, `cannot remove ${q(operand)}: ${reason(error)}`);
    }
  }
  return Promise.resolve(status);
};

/** `chmod MODE FILE...` (octal or symbolic; no -R). */
export const chmodCmd: CommandImpl = (run) => {
  const [mode, ...files] = run.args;
  if (mode === undefined || files.length === 0) return Promise.resolve(fail(run, 'missing operand'));
  let status = 0;
  for (const operand of files) {
    const path = pathOf(run, operand);
    const st = vfsOf(run).tryStat(path);
    if (!st) {
      status = fail(run, `cannot access ${q(operand)}: No such file or directory`);
      continue;
    }
    const value = applyModeOperand(mode, st.mode, st.kind === 'dir');
    if (value === null) return Promise.resolve(fail(run, `invalid mode: ${q(mode)}`));
    try {
      changeMode(vfsOf(run), path, callerOf(run), value);
    } catch (error) {
      status = fail(run, `changing permissions of ${q(operand)}: ${reason(error)}`);
    }
  }
  return Promise.resolve(status);
};

/** `chown OWNER[:GROUP] FILE...` (root only, as on any Linux). */
export const chownCmd: CommandImpl = (run) => {
  const [spec, ...files] = run.args;
  if (spec === undefined || files.length === 0) return Promise.resolve(fail(run, 'missing operand'));
  const user = run.state.session.host.credentials.user;
  const [ownerName = '', groupName] = spec.split(':');
  const uid = ownerName === '' ? undefined : lookupUser(ownerName, user);
  if (ownerName !== '' && uid === undefined) return Promise.resolve(fail(run, `invalid user: ${q(spec)}`));
  let gid = groupName === undefined || groupName === '' ? undefined : lookupGroup(groupName, user);
  if (groupName !== undefined && groupName !== '' && gid === undefined) return Promise.resolve(fail(run, `invalid group: ${q(spec)}`));
  // `user:` means the user's login group.
  if (groupName === '' && uid !== undefined) gid = uid === ROOT_ID ? ROOT_ID : USER_ID;
  let status = 0;
  for (const operand of files) {
    try {
      changeOwner(vfsOf(run), pathOf(run, operand), callerOf(run), uid, gid);
    } catch (error) {
      const code = error instanceof VfsError ? error.code : '';
      status =
        code === 'ENOENT'
          ? fail(run, `cannot access ${q(operand)}: No such file or directory`)
          : fail(run, `changing ownership of ${q(operand)}: ${reason(error)}`);
    }
  }
  return Promise.resolve(status);
};
