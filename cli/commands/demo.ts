import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { err, out } from '../output.js';
import { DEMO_ADDRESS_BASE, demoLabArgs, demoProjectPath } from './demo/demo-lab.js';
import { runHeadlessDemo } from './demo/headless.js';
import { runLabDown } from './lab/lab-down.js';
import { runLabUp } from './lab/lab-up.js';
import { runUi } from './ui.js';
import { UsageError } from './usage-error.js';

/** Usage of `ctha demo` (for the help text). */
export const DEMO_USAGE = 'demo [--port N] [--address-base 127.x.y.z] | demo --headless [--out DIR] [--keep] [--address-base 127.x.y.z]';

/**
 * `ctha demo [--port N]`: the training setup in one command: an emulated lab (two Linux instances, one
 * Windows, default drift) whose project logs in with the lab's key and whose hosts need no sudo password,
 * the wizard in a browser with that project and the training-lab banner, and everything removed on Ctrl+C.
 * `ctha demo --headless [--out DIR] [--keep]`: the whole commissioning without a browser (demo/headless.ts).
 */
export async function runDemo(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      headless: { type: 'boolean', default: false },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'address-base': { type: 'string', default: DEMO_ADDRESS_BASE },
    },
    strict: true,
  });
  const addressBase = values['address-base'];
  if (values.headless) {
    if (values.port !== undefined) throw new UsageError('demo --headless serves no page: --port is for the interactive demo');
    return runHeadlessDemo({ ...(values.out === undefined ? {} : { out: values.out }), keep: values.keep, addressBase });
  }
  if (values.out !== undefined || values.keep) throw new UsageError('--out and --keep are options of demo --headless');
  // A folder of the demo's own: everything in it (the lab, plans and session files beside the project) goes when it stops.
  const dir = await mkdtemp(join(tmpdir(), 'ctha-demo-'));
  let stopped = true;
  try {
    const up = await runLabUp(demoLabArgs(dir, addressBase));
    if (up !== 0) return up;
    stopped = false;
    try {
      // The alerts item needs Balancer's address: the Audit step reads it from this file when given.
      out(`Balancer:    ${join(dir, 'balancer', 'bin', 'kl_balancer.conf')} (give it to the Audit step for the alerts item)`);
      out('Nothing to copy: the project logs in with the lab key, and these simulated hosts need no sudo password.');
      out('');
      return await runUi([
        '--cluster',
        demoProjectPath(dir),
        '--training-lab',
        ...(values.port === undefined ? [] : ['--port', values.port]),
      ]);
    } finally {
      const down = await runLabDown([dir]);
      stopped = down === 0;
      if (!stopped) err(`The demo lab in ${dir} may not be fully stopped; run: ctha lab down ${dir}`);
    }
  } finally {
    // lab down removes only what lab up wrote; the wizard's plan and session files beside the project are the demo's too.
    if (stopped) await rm(dir, { recursive: true, force: true });
  }
}
