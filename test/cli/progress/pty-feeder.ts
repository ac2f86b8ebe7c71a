// Run under `script` by progress-pty.test.ts: feeds a short run's events to the view on the real stdout (a pseudo-terminal there).
import { createProgressView } from '../../../cli/progress/progress-view.js';
import { progress } from './fake-stream.js';

const view = createProgressView({ stream: process.stdout, json: process.argv.includes('--json') });
const names = ['ct-1', 'ct-2', 'ct-3'];
const steps = ['connect', 'audit', 'stop', 'write', 'start'];
// Batches a redraw interval apart, so the view redraws between them as it would in a live run.
for (const [index, step] of steps.entries()) {
  for (const instance of names) view.onEvent(progress({ instance, step, state: 'started', done: index, total: steps.length }));
  for (const instance of names) view.onEvent(progress({ instance, step, state: 'done', done: index + 1, total: steps.length }));
  await new Promise((resolve) => setTimeout(resolve, 150));
}
view.close();
process.stdout.write(`isTTY=${String(process.stdout.isTTY)}\n`);
