// What the wizard knows of its runs' progress: per run and instance the current step, counts, start time and the last commands.
import type { ProgressEvent, TranscriptEvent } from '../../shared/contract/events.js';

/** Most transcript lines kept per instance (the newest); the full transcript is in the run's result and report. */
export const TRANSCRIPT_LINES_PER_INSTANCE = 200;
/** Most runs kept (the newest): a long session of audits and applies must not grow without bound. */
export const RUNS_KEPT = 20;
/** Most instances tracked per run; a cluster probe opens at most 256, a project has fewer. */
export const INSTANCES_PER_RUN = 512;

/** One remote operation as the wizard lists it (command already redacted by the engine). */
export type TranscriptLine = Readonly<Pick<TranscriptEvent, 'command' | 'exit' | 'ms' | 'kind' | 'error'>>;

/** Where one instance of a run is. */
export type InstanceProgress = Readonly<{
  instance: string;
  step: string;
  state: ProgressEvent['state'];
  detail: string | undefined;
  /** The last done/total the instance's events carried (a step without counts keeps them). */
  done: number | undefined;
  total: number | undefined;
  /** Time of the instance's first event (ISO 8601, the engine's clock). */
  startedAt: string;
  /** Time of its latest progress event. */
  updatedAt: string;
  /** The newest transcript lines, oldest first, at most TRANSCRIPT_LINES_PER_INSTANCE. */
  transcript: readonly TranscriptLine[];
  /** Transcript lines seen in all (more than `transcript` holds once the bound was reached). */
  operations: number;
}>;

/** The wizard steps whose operations run on the cluster; a run belongs to the steps running when its first event came. */
export const PROGRESS_OWNERS = ['prechecks', 'audit', 'plan', 'apply', 'probe', 'report'] as const;
/** One step that owns runs. */
export type ProgressOwner = (typeof PROGRESS_OWNERS)[number];

/** One run (one operation call) as its events showed it. */
export type RunProgressView = Readonly<{
  runId: string;
  /** The steps whose operation was running when the run's first event arrived (the contract's results carry no runId). */
  owners: readonly ProgressOwner[];
  /** How many runs the wizard had heard of before this one (0 for the first): newer runs have higher numbers. */
  seq: number;
  /** The run's own latest step (events without an instance), if any. */
  step: string | undefined;
  state: ProgressEvent['state'] | undefined;
  detail: string | undefined;
  done: number | undefined;
  total: number | undefined;
  startedAt: string;
  /** Instances by name, and their names in the order they first appeared. */
  instances: Readonly<Record<string, InstanceProgress>>;
  order: readonly string[];
}>;

/** Where a `run.cancel` request of one run stands: sent, accepted by the engine, refused (the run had ended) or failed. */
export type CancelRequest = Readonly<
  { state: 'sending' } | { state: 'accepted' } | { state: 'not-running' } | { state: 'failed'; message: string }
>;

/** Every run the wizard heard of: by runId, and the ids oldest first. */
export type ProgressRuns = Readonly<{
  runs: Readonly<Record<string, RunProgressView>>;
  order: readonly string[];
  /** Runs heard of in all, dropped ones included: the next run's `seq`. */
  count: number;
}>;

/** No runs yet. */
export const NO_PROGRESS: ProgressRuns = { runs: {}, order: [], count: 0 };

/** One event as the progress slice queues it, with the steps whose operation was running when it arrived. */
export type QueuedEvent = Readonly<
  | { name: 'progress'; payload: ProgressEvent; owners: readonly ProgressOwner[] }
  | { name: 'transcript'; payload: TranscriptEvent; owners: readonly ProgressOwner[] }
>;

/**
 * The state after a batch of events, the same as applying them one by one; the objects the batch makes are
 * changed in place by its later events (nobody has seen them yet), so 2000 events over 100 instances copy each
 * run's instance map once, not 2000 times.
 */
export function withEvents(
  state: ProgressRuns,
  events: readonly QueuedEvent[],
  now: () => string = () => new Date().toISOString(),
): ProgressRuns {
  const fresh = new WeakSet<object>();
  let next = state;
  for (const item of events)
    next =
      item.name === 'progress'
        ? progressStep(next, item.payload, item.owners, fresh)
        : transcriptStep(next, item.payload, now, item.owners, fresh);
  return next;
}

/** The state after one progress event: a new run or instance is added, the oldest run dropped past RUNS_KEPT. */
export function withProgress(state: ProgressRuns, event: ProgressEvent, owners: readonly ProgressOwner[] = []): ProgressRuns {
  return progressStep(state, event, owners, undefined);
}

/** The state after one transcript event: the line is appended to its instance, the oldest dropped past the bound. */
export function withTranscript(
  state: ProgressRuns,
  event: TranscriptEvent,
  now: () => string = () => new Date().toISOString(),
  owners: readonly ProgressOwner[] = [],
): ProgressRuns {
  return transcriptStep(state, event, now, owners, undefined);
}

/** Objects made by the current batch (see withEvents); undefined outside a batch: everything is copied. */
type Fresh = WeakSet<object> | undefined;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function progressStep(state: ProgressRuns, event: ProgressEvent, owners: readonly ProgressOwner[], fresh: Fresh): ProgressRuns {
  const run = state.runs[event.runId] ?? newRun(event.runId, event.time, owners, state.count, fresh);
  let next: RunProgressView;
  if (event.instance === undefined) {
    const fields = {
      step: event.step,
      state: event.state,
      detail: event.detail,
      done: event.done ?? run.done,
      total: event.total ?? run.total,
    };
    next = fresh?.has(run) ? Object.assign(run as Mutable<RunProgressView>, fields) : { ...run, ...fields };
  } else {
    const current = run.instances[event.instance];
    if (!current && run.order.length >= INSTANCES_PER_RUN) return state;
    const instance: InstanceProgress = {
      instance: event.instance,
      step: event.step,
      state: event.state,
      detail: event.detail,
      done: event.done ?? current?.done,
      total: event.total ?? current?.total,
      startedAt: current?.startedAt ?? event.time,
      updatedAt: event.time,
      transcript: current?.transcript ?? [],
      operations: current?.operations ?? 0,
    };
    next = withInstance(run, instance, fresh);
  }
  return withRun(state, next, fresh);
}

function transcriptStep(
  state: ProgressRuns,
  event: TranscriptEvent,
  now: () => string,
  owners: readonly ProgressOwner[],
  fresh: Fresh,
): ProgressRuns {
  const run = state.runs[event.runId] ?? newRun(event.runId, now(), owners, state.count, fresh);
  const current = run.instances[event.instance];
  if (!current && run.order.length >= INSTANCES_PER_RUN) return state;
  const line: TranscriptLine = {
    command: event.command,
    exit: event.exit,
    ms: event.ms,
    ...(event.kind === undefined ? {} : { kind: event.kind }),
    ...(event.error === undefined ? {} : { error: event.error }),
  };
  const lines = current?.transcript ?? [];
  const kept = lines.length >= TRANSCRIPT_LINES_PER_INSTANCE ? lines.slice(lines.length - TRANSCRIPT_LINES_PER_INSTANCE + 1) : lines;
  const time = now();
  const instance: InstanceProgress = current
    ? { ...current, transcript: [...kept, line], operations: current.operations + 1 }
    : // A command before any progress of the instance (the connect entry comes with its own step, but order is not promised).
      {
        instance: event.instance,
        step: 'connect',
        state: 'started',
        detail: undefined,
        done: undefined,
        total: undefined,
        startedAt: time,
        updatedAt: time,
        transcript: [line],
        operations: 1,
      };
  return withRun(state, withInstance(run, instance, fresh), fresh);
}

/** The newest run owned by a step, if any is still kept. */
export function latestRunOf(state: ProgressRuns, owner: ProgressOwner): RunProgressView | undefined {
  for (let index = state.order.length - 1; index >= 0; index -= 1) {
    const run = state.runs[state.order[index] ?? ''];
    if (run?.owners.includes(owner)) return run;
  }
  return undefined;
}

function newRun(runId: string, time: string, owners: readonly ProgressOwner[], seq: number, fresh: Fresh): RunProgressView {
  const run: RunProgressView = {
    runId,
    owners,
    seq,
    step: undefined,
    state: undefined,
    detail: undefined,
    done: undefined,
    total: undefined,
    startedAt: time,
    instances: {},
    order: [],
  };
  fresh?.add(run);
  return run;
}

// A fresh run owns its instance map and order (made with it): both are changed in place.
function withInstance(run: RunProgressView, instance: InstanceProgress, fresh: Fresh): RunProgressView {
  const known = Object.hasOwn(run.instances, instance.instance);
  if (fresh?.has(run)) {
    (run.instances as Record<string, InstanceProgress>)[instance.instance] = instance;
    if (!known) (run.order as string[]).push(instance.instance);
    return run;
  }
  const next: RunProgressView = {
    ...run,
    instances: { ...run.instances, [instance.instance]: instance },
    // In a batch the order is its own copy too: later events of the batch push onto it.
    order: known && fresh === undefined ? run.order : [...run.order, ...(known ? [] : [instance.instance])],
  };
  fresh?.add(next);
  return next;
}

function withRun(state: ProgressRuns, run: RunProgressView, fresh: Fresh): ProgressRuns {
  const known = Object.hasOwn(state.runs, run.runId);
  if (fresh?.has(state) && known) {
    (state.runs as Record<string, RunProgressView>)[run.runId] = run;
    return state;
  }
  let order = known ? state.order : [...state.order, run.runId];
  const runs: Record<string, RunProgressView> = { ...state.runs, [run.runId]: run };
  while (order.length > RUNS_KEPT) {
    const [oldest, ...rest] = order;
    if (oldest !== undefined) delete runs[oldest];
    order = rest;
  }
  const next: ProgressRuns = { runs, order, count: known ? state.count : state.count + 1 };
  fresh?.add(next);
  return next;
}
