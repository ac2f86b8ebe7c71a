import { UsageError } from '../usage-error.js';
import { runLabDown } from './lab-down.js';
import { runLabStatus } from './lab-status.js';
import { runLabUp } from './lab-up.js';

/** `ctha lab up|status|down ...`: the simulated CyberTrace hosts (docs/LAB.md). */
export async function runLab(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'up':
      return runLabUp(rest);
    case 'status':
      return runLabStatus(rest);
    case 'down':
      return runLabDown(rest);
    default:
      throw new UsageError(`lab: expected up, status or down${sub === undefined ? '' : `, got "${sub}"`}`);
  }
}
