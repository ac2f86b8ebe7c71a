// The engine's running cluster runs by id, so that `run.cancel` reaches the one a front end names.
import { randomUUID } from 'node:crypto';
import { RunControl } from './run-control.js';

/** Every run of one engine that can be cancelled now; a run leaves it when its operation ends. */
export class RunRegistry {
  readonly #running = new Map<string, RunControl>();

  /** Registers a new run (a new random id unless given) and returns its control. */
  start(runId: string = randomUUID()): RunControl {
    if (this.#running.has(runId)) throw new Error(`a run with id ${runId} is already running`);
    const control = new RunControl(runId);
    this.#running.set(runId, control);
    return control;
  }

  /** Cancels the running run `runId`; false when no such run is running (unknown, or already ended). */
  cancel(runId: string): boolean {
    const control = this.#running.get(runId);
    if (control === undefined) return false;
    control.cancel();
    return true;
  }

  /** Whether a run with this id is running now. */
  has(runId: string): boolean {
    return this.#running.has(runId);
  }

  /** Removes the run: a later cancel of it is not accepted. */
  end(control: RunControl): void {
    if (this.#running.get(control.runId) === control) this.#running.delete(control.runId);
  }
}
