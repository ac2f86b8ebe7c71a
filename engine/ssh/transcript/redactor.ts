// Every secret the run obtained, so that no text leaving the engine (transcript, error) carries one.

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** Knows the run's secrets (passwords, passphrases) and blanks them out of any text. */
export class Redactor {
  readonly #secrets = new Set<string>();
  // Longest first, so that a secret containing another is replaced whole, not in pieces.
  #ordered: string[] = [];

  /** Registers a secret; empty strings are ignored (they would match everywhere). */
  add(secret: string): void {
    if (secret.length === 0 || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    this.#ordered = [...this.#secrets].sort((a, b) => b.length - a.length);
  }

  /** Number of secrets known. */
  get size(): number {
    return this.#secrets.size;
  }

  /** The text with every known secret replaced by `[redacted]`. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.#ordered) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** A deep copy of plain data (JSON-like) with every string redacted; keys are kept as they are. */
  redactData<T>(value: T): T {
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.#walk(item));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = this.#walk(item);
      return out;
    }
    return value;
  }
}
