// The one place a run's steps turn into `progress` and `transcript` events; without an emit it is silent.
import { randomUUID } from 'node:crypto';
import type { EngineEvent, ProgressEvent } from '../../../shared/contract/events.js';
import type { TranscriptEntry } from '../../ssh/transcript/entry.js';

/** The optional fields of one progress event. */
export interface ProgressFields {
  readonly instance?: string;
  readonly detail?: string;
  readonly done?: number;
  readonly total?: number;
}

/** Counts one step over several instances: every end adds one to `done`, every event carries done/total. */
export interface ProgressTally {
  /** The step started on this instance. */
  start(instance: string, detail?: string): void;
  /** The step ended on this instance (ok: done, else failed); counts it. */
  end(instance: string, ok: boolean, detail?: string): void;
}

/** The events of one run (one operation call): every step of the run and of its instances. */
export interface RunProgress {
  /** Names the run in every event it sends. */
  readonly runId: string;
  /** One progress event; with no instance it is a step of the run as a whole. */
  step(step: string, state: ProgressEvent['state'], fields?: ProgressFields): void;
  /** One transcript event for a recorded remote operation (the entry is already redacted). */
  transcript(entry: TranscriptEntry): void;
  /** A counter for a step that runs once per instance (connect, audit, apply, probe). */
  tally(step: string, total: number): ProgressTally;
}

/** Options of createRunProgress. */
export interface RunProgressOptions {
  /** The run's id (default: a new random UUID). */
  readonly runId?: string;
  /** Applied to every detail before it leaves the engine (the run's redactor). */
  readonly redact?: (text: string) => string;
  /** The clock of the events' `time` (tests). */
  readonly now?: () => Date;
}

/**
 * Creates the emitter of one run. A throwing `emit` (a broken front end) is swallowed: progress is a
 * view of the run and must never stop or change it. Without `emit` every method does nothing.
 */
export function createRunProgress(emit: ((event: EngineEvent) => void) | undefined, options: RunProgressOptions = {}): RunProgress {
  const runId = options.runId ?? randomUUID();
  const redact = options.redact ?? ((text: string) => text);
  const now = options.now ?? (() => new Date());
  const send = (event: EngineEvent): void => {
    if (!emit) return;
    try {
      emit(event);
    } catch {
      // See above: the run goes on whatever a listener does.
    }
  };
  const step: RunProgress['step'] = (name, state, fields = {}) => {
    if (!emit) return;
    send({
      name: 'progress',
      payload: {
        runId,
        step: name,
        state,
        time: now().toISOString(),
        ...(fields.instance === undefined ? {} : { instance: fields.instance }),
        ...(fields.detail === undefined ? {} : { detail: redact(fields.detail) }),
        ...(fields.done === undefined ? {} : { done: fields.done }),
        ...(fields.total === undefined ? {} : { total: fields.total }),
      },
    });
  };
  return {
    runId,
    step,
    transcript(entry) {
      if (!emit) return;
      send({ name: 'transcript', payload: transcriptPayload(runId, entry) });
    },
    tally(name, total) {
      let done = 0;
      return {
        start: (instance, detail) => step(name, 'started', { instance, done, total, ...(detail === undefined ? {} : { detail }) }),
        end: (instance, ok, detail) => {
          done = Math.min(total, done + 1);
          step(name, ok ? 'done' : 'failed', { instance, done, total, ...(detail === undefined ? {} : { detail }) });
        },
      };
    },
  };
}

/**
 * A transcript entry as a `transcript` event: an exec's command line and exit status; a connect or an
 * SFTP operation as `connect host:port` / `sftp read /path`, with exit 0 when it succeeded and null when
 * it failed (neither has an exit status of its own; `error` says why).
 */
function transcriptPayload(runId: string, entry: TranscriptEntry): Extract<EngineEvent, { name: 'transcript' }>['payload'] {
  const command =
    entry.kind === 'exec'
      ? (entry.command ?? '')
      : entry.kind === 'connect'
        ? `connect ${entry.target}`
        : `sftp ${entry.op} ${entry.path ?? ''}${entry.toPath ? ` -> ${entry.toPath}` : ''}`;
  const exit = entry.kind === 'exec' ? (entry.exitCode ?? null) : entry.error === undefined ? 0 : null;
  return {
    runId,
    instance: entry.instance,
    kind: entry.kind,
    command,
    exit: Number.isInteger(exit) ? exit : null,
    ms: Math.max(0, entry.durationMs),
    ...(entry.error === undefined ? {} : { error: entry.error }),
  };
}
