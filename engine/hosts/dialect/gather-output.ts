// The framing both dialects' gather scripts print, and its reading. Marker lines start with `#`,
// which base64 never contains, so file bytes (always base64) can never be taken for a marker.
import { FILE_CAP_BYTES, formatBytes, isSessionError, withOutputKind } from '../../ssh/session/index.js';
import { CommandTooLongError } from '../quoting/errors.js';
import { HostError, commandFailureReason } from './errors.js';
import type { FailureReason } from './errors.js';
import type { GatherRequest, GatherResult, HostPaths } from './types.js';

/** The prefix of every marker line. */
export const GATHER_MARK = '#ctha';

/** The marker line a script prints for `word` and item `id` (`f0`, `d1`); ids and words are plain ASCII. */
export function gatherMarker(word: GatherWord, id: string): string {
  return `${GATHER_MARK} ${word} ${id}`;
}

/** What a marker says about an item. */
export type GatherWord = 'file' | 'missing' | 'notfile' | 'denied' | 'fail' | 'dir' | 'nodir' | 'notdir' | 'entry' | 'data';

/** An item the script could not read, and why. */
export interface GatherProblem {
  readonly id: string;
  readonly word: 'notfile' | 'notdir' | 'denied' | 'fail';
  /** What the host said (Windows puts the exception message on the marker line). */
  readonly detail: string;
}

/** A gather request with duplicates removed and every path checked; ids are `f<index>` and `d<index>`. */
export interface CheckedGather {
  readonly files: readonly string[];
  readonly dirs: readonly { readonly path: string; readonly suffix: string }[];
}

/** Checks every path with the dialect's rules (absolute, canonical) and every suffix (no separator, no NUL). */
export function checkGatherRequest(request: GatherRequest, paths: HostPaths, separators: RegExp): CheckedGather {
  const files = [...new Set(request.files.map((path) => paths.check(path)))];
  const dirs = new Map<string, { path: string; suffix: string }>();
  for (const { path, suffix } of request.dirs ?? []) {
    if (suffix.includes('\0') || separators.test(suffix))
      throw new HostError('invalid-path', `not a file-name suffix: ${JSON.stringify(suffix)}`);
    const checked = paths.check(path);
    const earlier = dirs.get(checked);
    // The result is keyed by path: one folder cannot be asked for with two suffixes.
    if (earlier && earlier.suffix !== suffix)
      throw new HostError(
        'invalid-path',
        `${checked} asked for twice, with suffixes ${JSON.stringify(earlier.suffix)} and ${JSON.stringify(suffix)}`,
      );
    dirs.set(checked, { path: checked, suffix });
  }
  return { files, dirs: [...dirs.values()] };
}

/** What the output said, by item id, before it is turned into a result or an error. */
export interface ParsedGather {
  readonly files: Map<string, Buffer | undefined>;
  readonly dirs: Map<string, Map<string, Buffer> | undefined>;
  readonly problems: GatherProblem[];
  /** The closing marker was printed: the script ran to its end. */
  readonly complete: boolean;
}

const MARKER = /^#ctha (file|missing|notfile|denied|fail|dir|nodir|notdir|entry|data) ([fd]\d+)(?: (.*))?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(lines: readonly string[], what: string): Buffer {
  const text = lines.join('');
  if (!BASE64.test(text) || text.length % 4 !== 0) throw new HostError('unexpected-output', `gather: ${what} is not valid base64`);
  return Buffer.from(text, 'base64');
}

/** A gathered item whose bytes are over the file cap; gatherInChunks names its path. */
export class GatherItemTooLargeError extends HostError {
  constructor(
    /** The item id (`f0`, `d1`). */
    readonly id: string,
    readonly limitBytes: number,
    /** Decoded bytes the item's base64 stood for when reading stopped. */
    readonly receivedBytes: number,
  ) {
    super(
      'output-too-large',
      `gather: item ${id} is over the file cap of ${formatBytes(limitBytes)} (at least ${receivedBytes} bytes arrived; reading stopped)`,
      'output-too-large',
    );
    this.name = 'GatherItemTooLargeError';
  }
}

/**
 * Reads a gather script's stdout lines. `entryName` turns the lines after an `entry` marker into the
 * file's name (Linux sends the path in base64, Windows the name itself). A file or folder entry over
 * `maxFileBytes` (decoded) fails with GatherItemTooLargeError as soon as its base64 says so.
 */
export function parseGatherOutput(
  lines: readonly string[],
  entryName: (lines: readonly string[], dirId: string) => string,
  maxFileBytes: number = FILE_CAP_BYTES,
): ParsedGather {
  // base64 of exactly maxFileBytes bytes is this long; one character more stands for more bytes.
  const maxBase64 = Math.ceil(maxFileBytes / 3) * 4;
  const files = new Map<string, Buffer | undefined>();
  const dirs = new Map<string, Map<string, Buffer> | undefined>();
  const problems: GatherProblem[] = [];
  let complete = false;
  let block: { word: 'file' | 'entry' | 'data'; id: string; lines: string[]; name?: string; chars: number } | undefined;

  const flush = (): void => {
    if (!block) return;
    const { word, id } = block;
    if (word === 'file') files.set(id, decodeBase64(block.lines, `file ${id}`));
    else if (word === 'entry') throw new HostError('unexpected-output', `gather: entry of ${id} without its data`);
    else {
      const entries = dirs.get(id);
      if (!entries || block.name === undefined)
        throw new HostError('unexpected-output', `gather: data for ${id} outside a listed directory`);
      entries.set(block.name, decodeBase64(block.lines, `an entry of ${id}`));
    }
    block = undefined;
  };

  for (const line of lines) {
    if (line === `${GATHER_MARK} end`) {
      flush();
      complete = true;
      continue;
    }
    const marker = MARKER.exec(line);
    if (!marker) {
      if (!block || complete)
        throw new HostError('unexpected-output', `gather: unexpected output line ${JSON.stringify(line.slice(0, 120))}`);
      block.chars += line.length;
      if (block.chars > maxBase64) throw new GatherItemTooLargeError(block.id, maxFileBytes, Math.floor((block.chars * 3) / 4));
      block.lines.push(line);
      continue;
    }
    const [, word = '', id = '', detail = ''] = marker;
    if (word === 'data') {
      if (block?.word !== 'entry' || block.id !== id)
        throw new HostError('unexpected-output', `gather: data marker for ${id} without an entry`);
      block = { word: 'data', id, lines: [], name: entryName(block.lines, id), chars: 0 };
      continue;
    }
    // A read that failed half-way printed some base64 before its problem marker: drop it, do not decode it.
    if (block?.id === id && !['file', 'entry', 'missing', 'dir', 'nodir'].includes(word)) block = undefined;
    flush();
    switch (word) {
      case 'file':
      case 'entry':
        block = { word, id, lines: [], chars: 0 };
        break;
      case 'missing':
        files.set(id, undefined);
        break;
      case 'dir':
        dirs.set(id, new Map());
        break;
      case 'nodir':
        dirs.set(id, undefined);
        break;
      default:
        problems.push({ id, word: word as GatherProblem['word'], detail });
    }
  }
  flush();
  return { files, dirs, problems, complete };
}

function describe(problem: GatherProblem, path: string): { text: string; reason: FailureReason } {
  switch (problem.word) {
    case 'notfile':
      return { text: `${path} is not a regular file`, reason: 'other' };
    case 'notdir':
      return { text: `${path} is not a directory`, reason: 'other' };
    case 'denied':
      return { text: `${path}: permission denied`, reason: 'permission-denied' };
    case 'fail': {
      const reason = commandFailureReason(1, problem.detail, false);
      return { text: `${path}: ${problem.detail || 'read failed'}`, reason: reason === 'command-failed' ? 'other' : reason };
    }
  }
}

/** The host path an item id stands for. */
export function gatherItemPath(request: CheckedGather, id: string): string {
  const index = Number(id.slice(1));
  const path = id.startsWith('f') ? request.files[index] : request.dirs[index]?.path;
  if (path === undefined) throw new HostError('unexpected-output', `gather: the host named an item ${id} that was not asked for`);
  return path;
}

/**
 * The result keyed by path, or a HostError naming every item that could not be read (`denyNote`
 * explains a refusal, e.g. that no root access was found; `hostSaid` is the script's stderr).
 */
export function gatherResult(request: CheckedGather, parsed: ParsedGather, instance: string, denyNote = '', hostSaid = ''): GatherResult {
  if (parsed.problems.length > 0) {
    const described = parsed.problems.map((problem) => describe(problem, gatherItemPath(request, problem.id)));
    const first = described[0];
    const code = parsed.problems.every((problem) => problem.word === 'notfile' || problem.word === 'notdir')
      ? 'invalid-path'
      : 'command-failed';
    const note = parsed.problems.some((problem) => problem.word === 'denied') && denyNote ? ` (${denyNote})` : '';
    const said = hostSaid ? ` (the host said: ${hostSaid})` : '';
    throw new HostError(
      code,
      `gather on ${instance}: ${described.map((entry) => entry.text).join('; ')}${note}${said}`,
      first?.reason ?? 'other',
    );
  }
  const files = new Map<string, Buffer | undefined>();
  request.files.forEach((path, index) => {
    const id = `f${index}`;
    if (!parsed.files.has(id)) throw new HostError('unexpected-output', `gather on ${instance}: the host said nothing about ${path}`);
    files.set(path, parsed.files.get(id));
  });
  const dirs = new Map<string, ReadonlyMap<string, Buffer> | undefined>();
  request.dirs.forEach(({ path }, index) => {
    const id = `d${index}`;
    if (!parsed.dirs.has(id)) throw new HostError('unexpected-output', `gather on ${instance}: the host said nothing about ${path}`);
    const entries = parsed.dirs.get(id);
    dirs.set(path, entries && new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  });
  return { files, dirs };
}

/**
 * Runs `run` on the whole request; when the command would be over the host's command-line limit
 * (Windows: 8191 characters, so about a dozen long paths), on halves of it, and merges the answers.
 * Each piece is one more round trip; a single item that is too long is refused as it is. Every exec
 * `run` starts has the gather's output cap (caps.ts), and an answer or item over its cap fails with
 * HostError 'output-too-large' naming what was asked.
 */
export async function gatherInChunks(request: CheckedGather, run: (chunk: CheckedGather) => Promise<GatherResult>): Promise<GatherResult> {
  try {
    return await withOutputKind('gather', () => run(request));
  } catch (error) {
    const items = request.files.length + request.dirs.length;
    if (!(error instanceof CommandTooLongError) || items <= 1) throw tooLargeNamed(error, request);
  }
  const half = Math.ceil((request.files.length + request.dirs.length) / 2);
  const first: CheckedGather = {
    files: request.files.slice(0, half),
    dirs: request.dirs.slice(0, Math.max(0, half - request.files.length)),
  };
  const second: CheckedGather = { files: request.files.slice(half), dirs: request.dirs.slice(Math.max(0, half - request.files.length)) };
  const a = await gatherInChunks(first, run);
  const b = await gatherInChunks(second, run);
  return { files: new Map([...a.files, ...b.files]), dirs: new Map([...a.dirs, ...b.dirs]) };
}

// The session names the exec (the whole script) and the parser an item id: say which paths were asked instead.
function tooLargeNamed(error: unknown, request: CheckedGather): unknown {
  if (error instanceof GatherItemTooLargeError) {
    const path = gatherItemPath(request, error.id);
    const what = error.id.startsWith('f') ? path : `an entry of ${path}`;
    return new HostError(
      'output-too-large',
      `gather: ${what} is over the file cap of ${formatBytes(error.limitBytes)} (at least ${error.receivedBytes} bytes arrived; reading stopped)`,
      'output-too-large',
      { cause: error },
    );
  }
  if (isSessionError(error, 'output-too-large')) {
    const asked = [...request.files, ...request.dirs.map((dir) => `${dir.path}/*${dir.suffix}`)];
    const shown = asked.length > 5 ? `${asked.slice(0, 5).join(', ')} and ${asked.length - 5} more` : asked.join(', ');
    const limit = error.limitBytes === undefined ? 'its cap' : `its cap of ${formatBytes(error.limitBytes)}`;
    return new HostError(
      'output-too-large',
      `gather on ${error.instance}: the host's answer went over ${limit} (${error.receivedBytes ?? '?'} bytes had arrived; reading stopped) while reading ${shown}`,
      'output-too-large',
      { cause: error },
    );
  }
  return error;
}
