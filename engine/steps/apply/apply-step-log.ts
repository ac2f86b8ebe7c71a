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

/** The record of one instance's steps, in order. */
export class ApplyStepLog {
  readonly #records: ApplyStepRecord[] = [];

  /** Every step so far. */
  get records(): ApplyStepRecord[] {
    return [...this.#records];
  }

  /** Runs one step; a failure is recorded and rethrown as ApplyStepFailure naming the step and file. */
  async run<T>(step: ApplyStepName, file: string | undefined, work: () => Promise<T>, detail?: (value: T) => string | undefined): Promise<T> {
    const started = performance.now();
    try {
      const value = await work();
      this.#push(step, 'done', started, file, detail?.(value));
      return value;
    } catch (error) {
      if (error instanceof ApplyStepFailure) throw error;
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

  #push(step: ApplyStepName, status: ApplyStepRecord['status'], started: number, file: string | undefined, detail: string | undefined): void {
    this.#records.push({
      step,
      status,
      durationMs: Math.max(0, Math.round(performance.now() - started)),
      ...(file === undefined ? {} : { file }),
      ...(detail === undefined ? {} : { detail }),
    });
  }
}
