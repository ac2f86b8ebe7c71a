// One clock per progress view, ticking once a second only while something runs: rows' elapsed times read it.
import { useEffect, useState } from 'react';

/** The current time in ms, refreshed every second while `active`; frozen otherwise (no timers for a finished run). */
export function useSecondClock(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
