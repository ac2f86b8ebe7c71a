import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { err, out } from '../output.js';
import { runLabDown } from './lab/lab-down.js';
import { runLabUp } from './lab/lab-up.js';
import { runUi } from './ui.js';

/**
 * `ctha demo [--port N]`: the training setup in one command: an emulated lab (two Linux instances, one
 * Windows, default drift), the wizard in a browser with the lab's project, and the lab removed on Ctrl+C.
 */
export async function runDemo(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { port: { type: 'string' } }, strict: true });
  const dir = join(tmpdir(), `ctha-demo-${process.pid}`);
  const up = await runLabUp(['--out', dir, '--linux', '2', '--windows', '1', '--drift', 'default', '--address-base', '127.0.50.10']);
  if (up !== 0) return up;
  try {
    // The alerts item needs Balancer's address: the Audit step reads it from this file when given.
    out(`Balancer:    ${join(dir, 'balancer', 'bin', 'kl_balancer.conf')} (give it to the Audit step for the alerts item)`);
    out('');
    return await runUi(['--cluster', join(dir, 'cluster.ctha.json'), ...(values.port === undefined ? [] : ['--port', values.port])]);
  } finally {
    const down = await runLabDown([dir]);
    if (down !== 0) err(`The demo lab in ${dir} may not be fully stopped; run: ctha lab down ${dir}`);
  }
}
