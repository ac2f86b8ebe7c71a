// How many of a list's rows to mount now: a first chunk, then one more chunk per frame, so 100 new rows never land in one frame.
import { useEffect, useState } from 'react';

/** Rows mounted per frame while a long list catches up. */
export const ROWS_PER_FRAME = 25;

/** The number of rows to render: all of them once caught up; a list that grows catches up again chunk by chunk. */
export function useProgressiveCount(total: number): number {
  const [count, setCount] = useState(() => Math.min(total, ROWS_PER_FRAME));
  useEffect(() => {
    if (count >= total) return;
    const frame = globalThis.requestAnimationFrame as ((callback: () => void) => number) | undefined;
    // Without frames (a static render) there is nothing to spread over: the first chunk is what is drawn.
    if (frame === undefined) return;
    const id = frame(() => setCount((current) => Math.min(total, current + ROWS_PER_FRAME)));
    return () => cancelAnimationFrame(id);
  }, [count, total]);
  return Math.min(count, total);
}
