// cp and mv: the last operand is the target; a directory target receives the sources by name.
import { VfsError } from '../fs/errors.js';
import { baseName, childOf } from '../fs/paths.js';
import { copyFile, removeFile, renamePath } from '../fs/tree.js';
import type { CommandImpl, CommandRun } from './kit.js';
import { callerOf, fail, parseFlags, pathOf, q, reason, vfsOf } from './kit.js';

// `cp a b` and `cp a b c DIR`: the last operand is the target; a directory target receives basenames.
function targets(run: CommandRun, operands: string[]): { from: string; operand: string; to: string; toOperand: string }[] | string {
  if (operands.length < 2)
    return operands.length === 0 ? 'missing file operand' : `missing destination file operand after ${q(operands[0] ?? '')}`;
  const last = operands[operands.length - 1] ?? '';
  const dest = pathOf(run, last);
  const isDir = vfsOf(run).tryStat(dest)?.kind === 'dir';
  if (operands.length > 2 && !isDir) return `target ${q(last)} is not a directory`;
  return operands.slice(0, -1).map((operand) => {
    const from = pathOf(run, operand);
    const to = isDir ? childOf(vfsOf(run).os, dest, baseName(vfsOf(run).os, from)) : dest;
    return { from, operand, to, toOperand: isDir ? `${last.replace(/\/+$/, '')}/${baseName('linux', from)}` : last };
  });
}

/** `cp [-p] [-f] SRC DEST` / `cp SRC... DIR` (files only). */
export const cpCmd: CommandImpl = (run) => {
  const { flags, operands, bad } = parseFlags(run.args, 'pf');
  if (bad !== undefined) return Promise.resolve(fail(run, `invalid option -- '${bad}' (only -p and -f are emulated)`));
  const pairs = targets(run, operands);
  if (typeof pairs === 'string') return Promise.resolve(fail(run, pairs));
  let status = 0;
  for (const { from, operand, to, toOperand } of pairs) {
    const source = vfsOf(run).tryStat(from);
    if (!source) status = fail(run, `cannot stat ${q(operand)}: No such file or directory`);
    else if (source.kind === 'dir') status = fail(run, `-r not specified; omitting directory ${q(operand)}`);
    else {
      try {
        copyFile(vfsOf(run), from, to, callerOf(run), flags.has('p'));
      } catch (error) {
        const text = reason(error);
        const where =
          error instanceof VfsError && error.hostPath === from
            ? `cannot open ${q(operand)} for reading`
            : error instanceof VfsError && error.code === 'ENOSPC'
              ? `error writing ${q(toOperand)}`
              : `cannot create regular file ${q(toOperand)}`;
        status = fail(run, `${where}: ${text}`);
      }
    }
  }
  return Promise.resolve(status);
};

/** `mv [-f] SRC DEST` / `mv SRC... DIR`; across volumes it copies then removes, as mv(1) does. */
export const mvCmd: CommandImpl = (run) => {
  const { operands, bad } = parseFlags(run.args, 'f');
  if (bad !== undefined) return Promise.resolve(fail(run, `invalid option -- '${bad}' (only -f is emulated)`));
  const pairs = targets(run, operands);
  if (typeof pairs === 'string') return Promise.resolve(fail(run, pairs));
  const vfs = vfsOf(run);
  let status = 0;
  for (const { from, operand, to, toOperand } of pairs) {
    if (!vfs.tryStat(from)) {
      status = fail(run, `cannot stat ${q(operand)}: No such file or directory`);
      continue;
    }
    try {
      renamePath(vfs, from, to, callerOf(run), true);
    } catch (error) {
      if (!(error instanceof VfsError) || error.code !== 'EXDEV') {
        status = fail(run, `cannot move ${q(operand)} to ${q(toOperand)}: ${reason(error)}`);
        continue;
      }
      try {
        copyFile(vfs, from, to, callerOf(run), true);
        removeFile(vfs, from, callerOf(run));
      } catch (copyError) {
        status = fail(run, `error writing ${q(toOperand)}: ${reason(copyError)}`);
        // mv removes what it could not finish copying.
        if (vfs.tryStat(to)) removeFile(vfs, to, { ...callerOf(run), root: true });
      }
    }
  }
  return Promise.resolve(status);
};
