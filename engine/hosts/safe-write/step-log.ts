// Runs the steps of a safe write one by one, timing each and remembering which one failed.
import type { SafeWriteStep, StepRecord } from './types.js';

/** A step's failure, carrying the step name up to writeFileSafely. */
export class StepFailure extends Error {
  constructor(
    readonly step: SafeWriteStep,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'StepFailure';
  }
}

/** The record of every step so far. */
export class StepLog {
  readonly #records: StepRecord[] = [];

  constructor(private readonly onStep?: (step: SafeWriteStep) => void) {}

  /** Every step run or skipped so far, in order. */
  get records(): readonly StepRecord[] {
    return [...this.#records];
  }

  /** Runs one step; its failure becomes a StepFailure naming the step. */
  async run<T>(step: SafeWriteStep, work: () => Promise<T>, detail?: (value: T) => string | undefined): Promise<T> {
    const started = Date.now();
    try {
      // A progress listener must not break the write: its failures are its own.
      try {
        this.onStep?.(step);
      } catch {
        // ignored on purpose
      }
      const value = await work();
      const text = detail?.(value);
      this.#records.push({ step, status: 'done', durationMs: Date.now() - started, ...(text === undefined ? {} : { detail: text }) });
      return value;
    } catch (error) {
      this.#records.push({
        step,
        status: 'failed',
        durationMs: Date.now() - started,
        detail: error instanceof Error ? error.message : String(error),
      });
      throw new StepFailure(step, error);
    }
  }

  /** Records a step that did not apply (e.g. no expected digest, nothing to install). */
  skip(step: SafeWriteStep, detail: string): void {
    this.#records.push({ step, status: 'skipped', durationMs: 0, detail });
  }
}
