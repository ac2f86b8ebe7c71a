// @ts-check
// `npm test`: build once, then run the static checks (typecheck, lint, import boundaries) and the test
// files at the same time. The suite mostly waits on hosts, services and browsers, so overlapping the
// CPU-bound checks with it is what brings the run down; the checks' output is held and printed whole
// when they end, so it never interleaves with the test log.
import { spawn } from 'node:child_process';

/**
 * Runs a command; resolves with its exit code and, when captured, its output.
 * @param {string} command
 * @param {string[]} args
 * @param {boolean} capture
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(command, args, capture) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: process.env });
    /** @type {Buffer[]} */
    const chunks = [];
    if (capture) {
      child.stdout?.on('data', (chunk) => chunks.push(chunk));
      child.stderr?.on('data', (chunk) => chunks.push(chunk));
    }
    child.on('error', (error) => resolve({ code: 1, output: `${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString('utf8') }));
  });
}

const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;

// The lab and end-to-end tests start programs from dist/ and pages from the renderer build: build first.
const build = await run('npm', ['run', 'build'], false);
if (build.code !== 0) {
  process.stderr.write('npm test: the build failed; nothing was tested\n');
  process.exit(1);
}

/** The static checks, one after another on one core while the tests use the rest. */
async function checks() {
  /** @type {{ script: string, code: number, output: string, ms: number }[]} */
  const results = [];
  for (const script of ['typecheck', 'lint']) {
    const t0 = Date.now();
    const result = await run('npm', ['run', '--silent', script], true);
    results.push({ script, ...result, ms: Date.now() - t0 });
  }
  return results;
}

const [checkResults, tests] = await Promise.all([checks(), run('npx', ['vitest', 'run'], false)]);

let failed = tests.code !== 0;
for (const result of checkResults) {
  const verdict = result.code === 0 ? 'passed' : `FAILED (exit ${result.code})`;
  process.stdout.write(`\n── npm run ${result.script}: ${verdict} in ${Math.round(result.ms / 1000)} s ──\n`);
  if (result.code !== 0) {
    failed = true;
    process.stdout.write(result.output);
  }
}
process.stdout.write(
  `\nnpm test: tests ${tests.code === 0 ? 'passed' : 'FAILED'}; ${failed ? 'FAILED' : 'all passed'} after ${seconds()}\n`,
);
process.exit(failed ? 1 : 0);
