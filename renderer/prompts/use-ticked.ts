import { useState } from 'react';

/** The set of row keys (a fingerprint, or a row index where one fingerprint may show twice) a person ticked in a review dialog, the toggle for one checkbox, and one to set them all. */
export function useTicked(): [ReadonlySet<string>, (fingerprint: string, on: boolean) => void, (keys: readonly string[]) => void] {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const toggle = (fingerprint: string, on: boolean): void => {
    const next = new Set(ticked);
    if (on) next.add(fingerprint);
    else next.delete(fingerprint);
    setTicked(next);
  };
  return [ticked, toggle, (keys) => setTicked(new Set(keys))];
}
