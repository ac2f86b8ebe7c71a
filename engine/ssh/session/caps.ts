// Byte caps on everything a host sends, so a hostile or broken host cannot exhaust the engine's memory.
// The time bound of every operation is SessionTimeouts.commandMs (or the call's timeoutMs).
import { AsyncLocalStorage } from 'node:async_hooks';

/** One mebibyte. */
export const MIB = 1024 * 1024;

/** Most bytes one file read may deliver (SFTP read; one gathered file, decoded): configs are kilobytes. */
export const FILE_CAP_BYTES = 16 * MIB;

/** Most bytes (stdout + stderr) one ordinary command may print. */
export const EXEC_OUTPUT_CAP_BYTES = 4 * MIB;

/**
 * Most bytes (stdout + stderr) one gather command may print: three files at the file cap, base64
 * encoded (4/3), 64 MiB. A gather is split by the dialect only when its command line is too long,
 * so this is the budget of one whole answer; bigger answers fail rather than grow without end.
 */
export const GATHER_OUTPUT_CAP_BYTES = 64 * MIB;

/** The byte caps a session enforces. */
export interface OutputCaps {
  /** One ordinary exec's stdout + stderr. */
  readonly execOutputBytes: number;
  /** One gather exec's stdout + stderr (an exec run inside `withOutputKind('gather', …)`). */
  readonly gatherOutputBytes: number;
  /** One file read over SFTP. */
  readonly fileBytes: number;
}

/** The caps every session uses unless SessionDeps.caps overrides some. */
export const DEFAULT_CAPS: OutputCaps = {
  execOutputBytes: EXEC_OUTPUT_CAP_BYTES,
  gatherOutputBytes: GATHER_OUTPUT_CAP_BYTES,
  fileBytes: FILE_CAP_BYTES,
};

/** Which cap an exec falls under when its call names none. */
export type OutputKind = 'exec' | 'gather';

const kind = new AsyncLocalStorage<OutputKind>();

/**
 * Runs `work` with every exec it starts counted as `outputKind` (e.g. the gather's one big command),
 * so the layer that knows what a command is for can choose the cap without threading an option
 * through the dialect's command runners.
 */
export function withOutputKind<T>(outputKind: OutputKind, work: () => Promise<T>): Promise<T> {
  return kind.run(outputKind, work);
}

/** The cap for an exec started now: the call's own, else the current kind's cap of this session. */
export function execCapFor(caps: OutputCaps, explicit: number | undefined): number {
  if (explicit !== undefined) return explicit;
  return kind.getStore() === 'gather' ? caps.gatherOutputBytes : caps.execOutputBytes;
}

/** `4 MiB`, `16 MiB`, `1.5 KiB`, `12 bytes`: caps and amounts in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(2))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(2))} KiB`;
  return `${bytes} bytes`;
}

/** Checks a cap given by a caller: a positive whole number of bytes. */
export function checkCap(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new RangeError(`${name} must be a positive whole number of bytes, got ${String(value)}`);
  return value;
}
