// A bound that stops counting while the engine waits for a person (a password prompt is not the host's fault).

/** A one-shot timer that can be paused and resumed; the time already spent is kept. */
export class PausableTimer {
  #remaining: number;
  #startedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #done = false;

  constructor(
    ms: number,
    private readonly onExpire: () => void,
  ) {
    this.#remaining = ms;
  }

  /** Starts (or resumes) counting down. */
  resume(): void {
    if (this.#done || this.#timer !== undefined) return;
    this.#startedAt = Date.now();
    this.#timer = setTimeout(
      () => {
        this.#done = true;
        this.#timer = undefined;
        this.onExpire();
      },
      Math.max(0, this.#remaining),
    );
  }

  /** Stops counting; resume() continues with what was left. */
  pause(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#remaining -= Date.now() - this.#startedAt;
  }

  /** Cancels the timer for good. */
  clear(): void {
    this.#done = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
