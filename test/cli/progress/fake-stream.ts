// A stand-in for process.stderr: records what is written, says whether it is a terminal and how wide.
import type { EngineEvent, ProgressEvent } from '../../../shared/contract/events.js';

/** A write stream that keeps every chunk. */
export interface FakeStream {
  readonly stream: NodeJS.WriteStream;
  readonly writes: string[];
  text(): string;
}

/** A fake stream; `tty` sets isTTY, `columns` and `rows` the terminal size. */
export function fakeStream(tty: boolean, columns?: number, rows?: number): FakeStream {
  const writes: string[] = [];
  const stream = {
    isTTY: tty,
    columns,
    rows,
    write: (chunk: string | Uint8Array) => {
      writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, writes, text: () => writes.join('') };
}

/** A progress event with a fixed time. */
export function progress(fields: Omit<ProgressEvent, 'runId' | 'time'> & { runId?: string }): EngineEvent {
  return { name: 'progress', payload: { runId: 'r1', time: '2026-01-01T00:00:00.000Z', ...fields } };
}

/** A transcript event. */
export function transcript(instance: string, command: string, exit: number | null = 0): EngineEvent {
  return { name: 'transcript', payload: { runId: 'r1', instance, kind: 'exec', command, exit, ms: 7 } };
}
