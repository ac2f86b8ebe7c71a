// gather on Linux: one `sh -c` script that prints every wanted file, and every matching file of every
// wanted folder, as base64 between marker lines. Reads the login user may not make go through sudo
// inside the same script, so one round trip covers root-only files too.
import type { ExecResult } from '../../ssh/session/index.js';
import { HostError, stderrText } from '../dialect/errors.js';
import type { CheckedGather, ParsedGather } from '../dialect/gather-output.js';
import { GATHER_MARK, gatherMarker, parseGatherOutput } from '../dialect/gather-output.js';
import type { GatherWord } from '../dialect/gather-output.js';
import type { CallOptions } from '../dialect/types.js';
import { shCommand, shQuote } from '../quoting/posix.js';
import type { LinuxCommands, RootAccess } from './linux-commands.js';
import { privilegedArgv } from './linux-commands.js';
import { linuxPaths } from './linux-paths.js';

const echo = (word: GatherWord, id: string): string => `echo ${shQuote(gatherMarker(word, id))}`;

/** `/a/b/c` -> `/a/b`, `/a`, `/`. */
function ancestors(path: string): string[] {
  const found: string[] = [];
  for (let dir = linuxPaths.dirname(path); ; dir = linuxPaths.dirname(dir)) {
    found.push(dir);
    if (dir === '/') return found;
  }
}

/**
 * `elif` branches for a path that does not exist as far as the login user can see: the nearest
 * ancestor that exists decides. Searchable (or not a folder): the path is really missing. A folder
 * the user cannot search: the path may exist behind it, so it is a refusal (root then looks).
 */
function missingOrRefused(path: string, missing: string, refused: string): string {
  return ancestors(path)
    .map((dir) => {
      const q = shQuote(dir);
      return `elif [ -x ${q} ]; then ${missing}\nelif [ -d ${q} ]; then ${refused}\nelif [ -e ${q} ]; then ${missing}\n`;
    })
    .join('');
}

function fileItem(id: string, path: string, refused: string): string {
  const q = shQuote(path);
  return (
    `if [ -f ${q} ]; then if [ -r ${q} ]; then ${echo('file', id)}; base64 ${q} || ${echo('fail', id)}; else ${refused}; fi\n` +
    `elif [ -e ${q} ]; then ${echo('notfile', id)}\n` +
    missingOrRefused(path, echo('missing', id), refused) +
    `else ${echo('missing', id)}; fi\n`
  );
}

function dirItem(id: string, path: string, suffix: string, refused: string): string {
  const q = shQuote(path);
  const prefix = path === '/' ? '/' : `${path}/`;
  // Unquoted `*` is the only pattern character; the folder and the suffix stay literal. `.*` adds hidden files.
  const globs = `${shQuote(prefix)}*${shQuote(suffix)} ${shQuote(prefix)}.*${shQuote(suffix)}`;
  return (
    `if [ -d ${q} ]; then if [ -r ${q} ] && [ -x ${q} ]; then ctha_ok=y\n` +
    `for ctha_f in ${globs}; do if [ -f "$ctha_f" ] && [ ! -r "$ctha_f" ]; then ctha_ok=n; fi; done\n` +
    `if [ "$ctha_ok" = y ]; then ${echo('dir', id)}\n` +
    `for ctha_f in ${globs}; do if [ -f "$ctha_f" ]; then ${echo('entry', id)}; printf '%s' "$ctha_f" | base64; ${echo('data', id)}; base64 "$ctha_f" || ${echo('fail', id)}; fi; done\n` +
    `else ${refused}; fi\nelse ${refused}; fi\n` +
    `elif [ -e ${q} ]; then ${echo('notdir', id)}\n` +
    missingOrRefused(path, echo('nodir', id), refused) +
    `else ${echo('nodir', id)}; fi\n`
  );
}

type ItemText = (refused: string) => string;

function items(request: CheckedGather): { id: string; text: ItemText }[] {
  return [
    ...request.files.map((path, index) => ({ id: `f${index}`, text: (refused: string) => fileItem(`f${index}`, path, refused) })),
    ...request.dirs.map(({ path, suffix }, index) => ({ id: `d${index}`, text: (refused: string) => dirItem(`d${index}`, path, suffix, refused) })),
  ];
}

/**
 * The script. With root access each refusal runs the same item again as root (`sudo ... sh -c`);
 * without it, or when sudo fails, the item is reported `denied`. The last line is the end marker, so
 * a script cut short (host-side timeout, lost connection) is never taken for a complete answer.
 */
export function linuxGatherScript(request: CheckedGather, root: RootAccess | undefined): string {
  const body = items(request).map(({ id, text }) => {
    const denied = echo('denied', id);
    if (root === undefined) return text(denied);
    // The refusal only sets a flag (an item refuses in several places): the root copy appears once.
    const asRoot = privilegedArgv(root.method, ['sh', '-c', text(denied)]);
    return `ctha_r=n\n${text('ctha_r=y')}if [ "$ctha_r" = y ]; then ${shCommand(asRoot)} || ${denied}; fi\n`;
  });
  return `${body.join('')}echo ${shQuote(`${GATHER_MARK} end`)}\n`;
}

/** The stdin the script needs: one password line per item that may call `sudo -S` (each call reads one). */
export function linuxGatherStdin(request: CheckedGather, root: RootAccess | undefined): string | undefined {
  if (root?.method !== 'sudo-password') return undefined;
  return `${root.password ?? ''}\n`.repeat(request.files.length + request.dirs.length);
}

/** Lines of base64 after an `entry` marker: the entry's full path; its name is the part after the folder. */
function entryName(request: CheckedGather): (lines: readonly string[], dirId: string) => string {
  return (lines, dirId) => {
    const dir = request.dirs[Number(dirId.slice(1))]?.path;
    const full = Buffer.from(lines.join(''), 'base64').toString('utf8');
    const prefix = dir === '/' ? '/' : `${dir ?? ''}/`;
    if (dir === undefined || !full.startsWith(prefix) || full.slice(prefix.length).includes('/')) throw new HostError('unexpected-output', `gather: entry ${JSON.stringify(full)} is not in ${dir ?? dirId}`);
    return full.slice(prefix.length);
  };
}

/** Runs the script once and reads its output; throws when it did not run to its end. */
export async function runLinuxGather(commands: LinuxCommands, request: CheckedGather, root: RootAccess | undefined, options: CallOptions = {}): Promise<{ parsed: ParsedGather; result: ExecResult }> {
  const stdin = linuxGatherStdin(request, root);
  const result = await commands.run(['sh', '-c', linuxGatherScript(request, root)], { ...options, ...(stdin === undefined ? {} : { stdin, secretStdin: true }) });
  if (result.code === 124 || result.code === 137) throw new HostError('timeout', 'timeout: gather did not finish within its bound on the host (timeout exit ' + String(result.code) + ')', 'timeout');
  const lines = result.stdout.toString('latin1').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const parsed = parseGatherOutput(lines, entryName(request));
  if (!parsed.complete || result.code !== 0) {
    throw new HostError('unexpected-output', `gather did not run to its end: exit ${result.code ?? 'none'}${result.signal ? ` (signal ${result.signal})` : ''}: ${stderrText(result.stderr, 400) || 'no error output'}`, 'command-failed');
  }
  return { parsed, result };
}
