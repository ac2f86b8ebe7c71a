import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXEC_OUTPUT_CAP_BYTES, MIB } from '../../../engine/ssh/session/index.js';
import type { TestHost } from './helpers.js';
import { HOST_KEY, PASSWORD, USER, rawPublicKey, startTestHost } from './helpers.js';

// A host that answers every command with 128 MiB: the engine, in its own process, fails each call with
// output-too-large and its RSS stays under 300 MB (the vitest worker's RSS would not be a fair measure).
// Emulated host on 127.0.150.20.

const root = fileURLToPath(new URL('../../..', import.meta.url));
// Inside node_modules so the bundle's bare imports (ssh2, zod) resolve to the project's packages.
const childJs = join(root, 'node_modules/.cache/ctha-flood-rss/flood-rss-child.mjs');
const RSS_LIMIT = 300 * 1024 * 1024;

interface ChildReport {
  readonly outcomes: {
    call: string;
    ms: number;
    code?: string;
    message?: string;
    limitBytes?: number;
    receivedBytes?: number;
    succeededWithBytes?: number;
  }[];
  readonly baselineRss: number;
  readonly sampledPeak: number;
  readonly maxRss: number;
}

function runChild(input: object, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child did not finish within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('engine memory against a flooding host (child process)', () => {
  let test: TestHost;

  beforeAll(async () => {
    mkdirSync(dirname(childJs), { recursive: true });
    await build({
      entryPoints: [join(root, 'test/engine/session/flood-rss-child.ts')],
      outfile: childJs,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });
    test = await startTestHost({ os: 'linux', address: '127.0.150.20', faults: [{ kind: 'flood', floodBytes: 128 * MIB }] });
  }, 60_000);
  afterAll(async () => {
    await test?.stop();
  });

  it('every call fails with output-too-large within seconds, and the engine stays under 300 MB RSS', async () => {
    const control = process.env['CTHA_FLOOD_CONTROL'] === '1' ? { caps: { execOutputBytes: 1024 * MIB } } : {};
    const input = {
      ...control,
      address: test.host.address,
      port: test.host.port,
      user: USER,
      password: PASSWORD,
      hostKey: rawPublicKey(HOST_KEY.public).toString('base64'),
    };
    const started = Date.now();
    const run = await runChild(input, 120_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ChildReport;
    // The measured numbers, for the record (docs/SSH-SESSIONS.md quotes a run).
    process.stdout.write(
      `flood-rss: baseline ${(report.baselineRss / MIB).toFixed(1)} MiB, sampled peak ${(report.sampledPeak / MIB).toFixed(1)} MiB, maxRSS ${(report.maxRss / MIB).toFixed(1)} MiB, calls ${report.outcomes.map((outcome) => outcome.ms).join('/')} ms\n`,
    );
    expect(report.outcomes.map((outcome) => outcome.call)).toEqual(['openDialect', 'exec', 'openDialect', 'exec', 'openDialect', 'exec']);
    for (const outcome of report.outcomes) {
      expect(outcome).toMatchObject({ code: 'output-too-large', limitBytes: EXEC_OUTPUT_CAP_BYTES });
      expect(outcome.succeededWithBytes).toBeUndefined();
      expect(outcome.receivedBytes).toBeLessThan(EXEC_OUTPUT_CAP_BYTES + 2 * MIB);
      // Generous: the cap is reached in well under a second on loopback.
      expect(outcome.ms).toBeLessThan(15_000);
    }
    expect(Date.now() - started).toBeLessThan(90_000);
    expect(report.maxRss).toBeGreaterThan(0);
    expect(report.maxRss).toBeLessThan(RSS_LIMIT);
    expect(report.sampledPeak).toBeLessThan(RSS_LIMIT);
  }, 150_000);
});
