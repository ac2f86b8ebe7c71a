// The run's transcript held in memory; the report embeds `entries()` as they are.
import type { Transcript, TranscriptEntry } from './entry.js';
import type { Redactor } from './redactor.js';

/** In-memory transcript: redacts every string of every entry again on the way in (defence in depth). */
export class MemoryTranscript implements Transcript {
  readonly #entries: TranscriptEntry[] = [];
  readonly #listeners = new Set<(entry: TranscriptEntry) => void>();

  constructor(private readonly redactor: Redactor) {}

  /** Stores a redacted, frozen copy of the entry and tells every listener. */
  record(entry: TranscriptEntry): void {
    const stored = Object.freeze(this.redactor.redactData(entry));
    this.#entries.push(stored);
    for (const listener of [...this.#listeners]) {
      try {
        listener(stored);
      } catch {
        // A broken listener (a UI, a log) must not lose the evidence or stop the operation.
      }
    }
  }

  /** Every entry so far, oldest first. */
  entries(): readonly TranscriptEntry[] {
    return [...this.#entries];
  }

  /** Calls `listener` for each new entry; returns the function that stops it. */
  onEntry(listener: (entry: TranscriptEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The entries as `JSON.stringify` should write them. */
  toJSON(): readonly TranscriptEntry[] {
    return this.entries();
  }
}
