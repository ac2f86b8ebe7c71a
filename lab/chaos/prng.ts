// The chaos run's only source of randomness: a seeded PRNG, so a seed and an iteration replay exactly.

/** A small deterministic generator (mulberry32): the same seed always deals the same sequence. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator for one iteration: independent of how many numbers earlier iterations drew, so `--from K` replays K alone. */
  static forIteration(seed: number, iteration: number): Prng {
    // Mix the two so neighbouring seeds and iterations do not give neighbouring streams.
    let mixed = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(iteration + 1, 0x85ebca6b)) >>> 0;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x7feb352d) >>> 0;
    return new Prng(mixed ^ (mixed >>> 15));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n); n must be a positive integer. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new Error(`Prng.int expects a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick: empty list');
    return items[this.int(items.length)] as T;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Up to `count` distinct elements, in the list's order (a partial Fisher-Yates shuffle of the indexes). */
  some<T>(items: readonly T[], count: number): T[] {
    const indexes = items.map((_, index) => index);
    const wanted = Math.min(count, items.length);
    for (let i = 0; i < wanted; i++) {
      const j = i + this.int(indexes.length - i);
      [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
    }
    const chosen = new Set(indexes.slice(0, wanted));
    return items.filter((_, index) => chosen.has(index));
  }
}
