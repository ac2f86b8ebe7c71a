// Times every step of one instance's apply and keeps the record the report shows.
import type { ApplyStepName, ApplyStepRecord } from '../../../shared/plan/apply-report.js';

/** A step's failure, carrying the step and file up to the instance's apply. */
export class ApplyStepFailure extends Error {
  constructor(
    readonly step: ApplyStepName,
    readonly file: string | undefined,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ApplyStepFailure';
  }
}

/** Told as each step starts and ends (a skipped step ends without starting); the run's progress events come from it. */
export type ApplyStepListener = (
  step: ApplyStepName,
  state: 'started' | ApplyStepRecord['status'],
  file: string | undefined,
  detail: string | undefined,
) => void;

/** The record of one instance's steps, in order. */
export class ApplyStepLog {
  readonly #records: ApplyStepRecord[] = [];

  /** `listener` hears every step as it starts and ends (rollback steps too: they run on the same log). */
  constructor(private readonly listener?: ApplyStepListener) {}

  /** Every step so far. */
  get records(): ApplyStepRecord[] {
    return [...this.#records];
  }

  /** Runs one step; a failure is recorded and rethrown as ApplyStepFailure naming the step and file. */
  async run<T>(
    step: ApplyStepName,
    file: string | undefined,
    work: () => Promise<T>,
    detail?: (value: T) => string | undefined,
  ): Promise<T> {
    const started = performance.now();
    this.#tell(step, 'started', file, undefined);
    try {
      const value = await work();
      this.#push(step, 'done', started, file, detail?.(value));
      return value;
    } catch (error) {
      if (error instanceof ApplyStepFailure) {
        // A step inside this one failed and was recorded; this one ends with it (not recorded twice).
        this.#tell(step, 'failed', file, error.message);
        throw error;
      }
      this.#push(step, 'failed', started, file, error instanceof Error ? error.message : String(error));
      throw new ApplyStepFailure(step, file, error);
    }
  }

  /** Records a step that did not apply, with why. */
  skip(step: ApplyStepName, detail: string, file?: string): void {
    this.#push(step, 'skipped', performance.now(), file, detail);
  }

  /** Records a step that was checked and failed without throwing (e.g. readiness). */
  fail(step: ApplyStepName, started: number, detail: string, file?: string): void {
    this.#push(step, 'failed', started, file, detail);
  }

  #tell(step: ApplyStepName, state: Parameters<ApplyStepListener>[1], file: string | undefined, detail: string | undefined): void {
    try {
      this.listener?.(step, state, file, detail);
    } catch {
      // Progress is a view of the apply: a failing listener must not turn a step into a failure.
    }
  }

  #push(
    step: ApplyStepName,
    status: ApplyStepRecord['status'],
    started: number,
    file: string | undefined,
    detail: string | undefined,
  ): void {
    this.#tell(step, status, file, detail);
    this.#records.push({
      step,
      status,
      durationMs: Math.max(0, Math.round(performance.now() - started)),
      ...(file === undefined ? {} : { file }),
      ...(detail === undefined ? {} : { detail }),
    });
  }
}
