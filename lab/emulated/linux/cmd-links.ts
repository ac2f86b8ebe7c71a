// Symbolic links as coreutils shows them: `readlink [-f|-e|-m]` and `realpath [-e|-m]`, resolved inside the host.
import { readlinkSync } from 'node:fs';
import { VfsError } from '../fs/errors.js';
import type { CommandImpl, CommandRun } from './kit.js';
import { fail, out, parseFlags, pathOf, q, vfsOf } from './kit.js';

type Mode = 'f' | 'e' | 'm';

/** The canonical path of `operand` in `mode` (f: all but the last component must exist; e: all; m: none), or the failure text. */
function canonicalize(run: CommandRun, operand: string, mode: Mode): string | VfsError {
  const vfs = vfsOf(run);
  try {
    const resolved = vfs.resolveLinks(pathOf(run, operand));
    if (mode === 'm') return resolved;
    if (mode === 'e' && !vfs.tryStat(resolved)) return new VfsError('ENOENT', operand);
    const parent = resolved === '/' ? '/' : resolved.slice(0, Math.max(1, resolved.lastIndexOf('/')));
    if (vfs.tryStat(parent)?.kind !== 'dir') return new VfsError('ENOENT', operand);
    return resolved;
  } catch (error) {
    if (error instanceof VfsError) return error;
    throw error;
  }
}

function run(runInfo: CommandRun, flagsKnown: string, defaultMode: Mode | undefined): Promise<number> {
  const { flags, operands, bad } = parseFlags(runInfo.args, flagsKnown);
  if (bad !== undefined) return Promise.resolve(fail(runInfo, `invalid option -- '${bad}'`));
  if (operands.length === 0) return Promise.resolve(fail(runInfo, 'missing operand'));
  const mode: Mode | undefined = flags.has('m') ? 'm' : flags.has('e') ? 'e' : flags.has('f') ? 'f' : defaultMode;
  let status = 0;
  for (const operand of operands) {
    if (mode === undefined) {
      // Plain readlink: the link's own text, and a silent failure for anything else (as GNU's without -v).
      const vfs = vfsOf(runInfo);
      const path = pathOf(runInfo, operand);
      if (!vfs.isLink(path)) {
        status = 1;
        continue;
      }
      out(runInfo, `${readlinkSync(vfs.localNoFollow(path), 'utf8')}\n`);
      continue;
    }
    const found = canonicalize(runInfo, operand, mode);
    if (found instanceof VfsError) {
      status = 1;
      // readlink -f/-e/-m fails silently; realpath names the file.
      if (runInfo.name.endsWith('realpath')) runInfo.io.stderr.write(`realpath: ${q(operand)}: ${found.text}\n`);
      continue;
    }
    out(runInfo, `${found}\n`);
  }
  return Promise.resolve(status);
}

/** `readlink [-f|-e|-m] [--] FILE...`: the link's text, or (with an option) the path with every link followed. */
export const readlinkCmd: CommandImpl = (runInfo) => run(runInfo, 'fem', undefined);

/** `realpath [-e|-m] [--] FILE...`: the path with every link followed (default: all but the last component must exist). */
export const realpathCmd: CommandImpl = (runInfo) => run(runInfo, 'em', 'f');
