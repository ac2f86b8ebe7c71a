// gather on Linux: one `sh -c` script that prints every wanted file, and every matching file of every
// wanted folder, as base64 between marker lines. Reads the login user may not make go through sudo
// inside the same script, so one round trip covers root-only files too.
import type { ExecResult } from '../../ssh/session/index.js';
import { HostError, stderrText } from '../dialect/errors.js';
import type { CheckedGather, ParsedGather } from '../dialect/gather-output.js';
import { GATHER_MARK, gatherItemPath, gatherMarker, parseGatherOutput } from '../dialect/gather-output.js';
import type { GatherWord } from '../dialect/gather-output.js';
import type { CallOptions } from '../dialect/types.js';
import { shCommand, shQuote } from '../quoting/posix.js';
import type { LinuxCommands, RootAccess } from './linux-commands.js';
import { privilegedArgv } from './linux-commands.js';
import { linuxPaths } from './linux-paths.js';

const echo = (word: GatherWord, id: string): string => `echo ${shQuote(gatherMarker(word, id))}`;

/** Marker of an item (or folder entry) not read because a symbolic link is on its way; base64 lines of its path follow. */
export const LINK_MARK = '#ctha-link';
/** Marker after LINK_MARK's lines: base64 lines of where `readlink -f` resolves the path follow. */
export const LINK_TO_MARK = '#ctha-to';

/** Prints a link report for the path the shell word `word` expands to. */
function linkReport(id: string, word: string): string {
  return `echo ${shQuote(`${LINK_MARK} ${id}`)}; printf '%s' ${word} | base64; echo ${shQuote(`${LINK_TO_MARK} ${id}`)}; readlink -f -- ${word} | base64`;
}

/** The paths from just below `within` down to `path` itself: where a symbolic link would lead the read elsewhere. */
function componentsBelow(path: string, within: string): string[] {
  const found: string[] = [];
  for (let at = path; at !== within && at !== '/'; at = linuxPaths.dirname(at)) found.unshift(at);
  return found;
}

/** `[ -L a ] || [ -L b ] ...`: true when any of the paths is a symbolic link (lstat: never followed). */
function anyLink(paths: readonly string[]): string {
  return paths.map((path) => `[ -L ${shQuote(path)} ]`).join(' || ');
}

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

function fileItem(id: string, path: string, refused: string, within: string | undefined): string {
  const q = shQuote(path);
  // A link on the way: reported, never read (a missing marker keeps the framing complete).
  const guard =
    within === undefined ? '' : `if ${anyLink(componentsBelow(path, within))}; then ${linkReport(id, q)}; ${echo('missing', id)}\nel`;
  return (
    guard +
    `if [ -f ${q} ]; then if [ -r ${q} ]; then ${echo('file', id)}; base64 ${q} || ${echo('fail', id)}; else ${refused}; fi\n` +
    `elif [ -e ${q} ]; then ${echo('notfile', id)}\n` +
    missingOrRefused(path, echo('missing', id), refused) +
    `else ${echo('missing', id)}; fi\n`
  );
}

function dirItem(id: string, path: string, suffix: string, refused: string, within: string | undefined): string {
  const q = shQuote(path);
  const prefix = path === '/' ? '/' : `${path}/`;
  // Unquoted `*` is the only pattern character; the folder and the suffix stay literal. `.*` adds hidden files.
  const globs = `${shQuote(prefix)}*${shQuote(suffix)} ${shQuote(prefix)}.*${shQuote(suffix)}`;
  const confined = within !== undefined;
  const guard = confined ? `if ${anyLink(componentsBelow(path, within))}; then ${linkReport(id, q)}; ${echo('nodir', id)}\nel` : '';
  // Confined: an entry that is a link is reported and skipped, never read (it may point at any root-only file).
  const linkEntry = confined ? `if [ -L "$ctha_f" ]; then ${linkReport(id, '"$ctha_f"')}\nel` : '';
  const notLink = confined ? '[ ! -L "$ctha_f" ] && ' : '';
  return (
    guard +
    `if [ -d ${q} ]; then if [ -r ${q} ] && [ -x ${q} ]; then ctha_ok=y\n` +
    `for ctha_f in ${globs}; do if ${notLink}[ -f "$ctha_f" ] && [ ! -r "$ctha_f" ]; then ctha_ok=n; fi; done\n` +
    `if [ "$ctha_ok" = y ]; then ${echo('dir', id)}\n` +
    `for ctha_f in ${globs}; do ${linkEntry}if [ -f "$ctha_f" ]; then ${echo('entry', id)}; printf '%s' "$ctha_f" | base64; ${echo('data', id)}; base64 "$ctha_f" || ${echo('fail', id)}; fi; done\n` +
    `else ${refused}; fi\nelse ${refused}; fi\n` +
    `elif [ -e ${q} ]; then ${echo('notdir', id)}\n` +
    missingOrRefused(path, echo('nodir', id), refused) +
    `else ${echo('nodir', id)}; fi\n`
  );
}

type ItemText = (refused: string) => string;

/** The folder of `within` that holds `path` (the innermost); undefined without `within`; throws when none does. */
function holder(path: string, within: readonly string[] | undefined): string | undefined {
  if (within === undefined) return undefined;
  const found = within.filter((dir) => path.startsWith(dir === '/' ? '/' : `${dir}/`)).sort((a, b) => b.length - a.length)[0];
  if (found === undefined) throw new HostError('invalid-path', `${path} is outside ${within.join(', ')}; it is not read`);
  return found;
}

function items(request: CheckedGather, within: readonly string[] | undefined): { id: string; text: ItemText }[] {
  return [
    ...request.files.map((path, index) => ({
      id: `f${index}`,
      text: (refused: string) => fileItem(`f${index}`, path, refused, holder(path, within)),
    })),
    ...request.dirs.map(({ path, suffix }, index) => ({
      id: `d${index}`,
      text: (refused: string) => dirItem(`d${index}`, path, suffix, refused, holder(path, within)),
    })),
  ];
}

/**
 * The script. With root access each refusal runs the same item again as root (`sudo ... sh -c`);
 * without it, or when sudo fails, the item is reported `denied`. The last line is the end marker, so
 * a script cut short (host-side timeout, lost connection) is never taken for a complete answer.
 */
export function linuxGatherScript(request: CheckedGather, root: RootAccess | undefined, within?: readonly string[]): string {
  const body = items(request, within).map(({ id, text }) => {
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
    if (dir === undefined || !full.startsWith(prefix) || full.slice(prefix.length).includes('/'))
      throw new HostError('unexpected-output', `gather: entry ${JSON.stringify(full)} is not in ${dir ?? dirId}`);
    return full.slice(prefix.length);
  };
}

/**
 * Takes the link reports out of the script's lines (they are not the shared framing's): path -> where it
 * resolves. `pathOf` names a file item's path from its id (a folder's entries carry their own path).
 */
export function takeLinkReports(lines: readonly string[], pathOf: (id: string) => string): { rest: string[]; links: Map<string, string> } {
  const rest: string[] = [];
  const links = new Map<string, string>();
  let open: { id: string; part: 'path' | 'to'; path: string[]; to: string[] } | undefined;
  const close = (): void => {
    if (!open) return;
    const decode = (part: string[]): string => Buffer.from(part.join(''), 'base64').toString('utf8').replace(/\n$/, '');
    const named = decode(open.path);
    links.set(named === '' ? pathOf(open.id) : named, decode(open.to));
    open = undefined;
  };
  for (const line of lines) {
    const start = new RegExp(`^${LINK_MARK} ([fd]\\d+)$`).exec(line);
    const to = new RegExp(`^${LINK_TO_MARK} ([fd]\\d+)$`).exec(line);
    if (start?.[1] !== undefined) {
      close();
      open = { id: start[1], part: 'path', path: [], to: [] };
    } else if (to?.[1] !== undefined && open?.id === to[1]) open.part = 'to';
    else if (open && !line.startsWith('#')) open[open.part].push(line);
    else {
      close();
      rest.push(line);
    }
  }
  close();
  return { rest, links };
}

/** Runs the script once and reads its output; throws when it did not run to its end. */
export async function runLinuxGather(
  commands: LinuxCommands,
  request: CheckedGather,
  root: RootAccess | undefined,
  options: CallOptions = {},
  within?: readonly string[],
): Promise<{ parsed: ParsedGather; result: ExecResult; links: Map<string, string> }> {
  const stdin = linuxGatherStdin(request, root);
  const result = await commands.run(['sh', '-c', linuxGatherScript(request, root, within)], {
    ...options,
    ...(stdin === undefined ? {} : { stdin, secretStdin: true }),
  });
  if (result.code === 124 || result.code === 137)
    throw new HostError(
      'timeout',
      'timeout: gather did not finish within its bound on the host (timeout exit ' + String(result.code) + ')',
      'timeout',
    );
  const all = result.stdout.toString('latin1').split('\n');
  if (all[all.length - 1] === '') all.pop();
  const { rest: lines, links } = takeLinkReports(all, (id) => gatherItemPath(request, id));
  const parsed = parseGatherOutput(lines, entryName(request));
  if (!parsed.complete || result.code !== 0) {
    throw new HostError(
      'unexpected-output',
      `gather did not run to its end: exit ${result.code ?? 'none'}${result.signal ? ` (signal ${result.signal})` : ''}: ${stderrText(result.stderr, 400) || 'no error output'}`,
      'command-failed',
    );
  }
  return { parsed, result, links };
}
