import type { EngineEvent } from '../../shared/contract/events.js';

/** Fans engine events out to every connected front end. */
export class EventHub {
  readonly #listeners = new Set<(event: EngineEvent) => void>();

  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Sends an event to every listener; one failing listener does not starve the others. */
  emit(event: EngineEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A broken front end must not stop the engine; its transport reports its own failure.
      }
    }
  }
}
