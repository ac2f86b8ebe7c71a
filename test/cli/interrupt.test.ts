// Ctrl+C in a host-touching `ctha` command asks the engine to stop the run at its next safe point
// (run.cancel) instead of killing it mid-operation (issue 13 item 8). Emulated lab on 127.0.181.10-11;
// ct-linux-2 answers every command 3 s late, so the audit is still running when the signal comes.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CTHA_JS } from '../support/ctha.js';
import type { TestLab } from '../support/lab.js';
import { startLab } from '../support/lab.js';
import { acceptHostKeyFlags } from './accept-host-keys.js';

const ENV = 'CTHA_INTERRUPT_TEST_PASSWORD';
let lab: TestLab;

beforeAll(() => {
  lab = startLab('127.0.181.10', ['--linux', '2', '--windows', '0', '--version', '5.1', '--fault', 'ct-linux-2:slow:3000']);
}, 240_000);
afterAll(() => lab?.down(), 60_000);

/** Runs `ctha audit` and sends SIGINT once its run has reported progress; resolves with its exit and output. */
function auditInterrupted(): Promise<{ code: number | null; stderr: string; interruptedAfterProgress: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CTHA_JS, 'audit', lab.file.projectPath, '--password-env', ENV, '--accept-new-host-keys', ...acceptHostKeyFlags(lab.file)],
      { env: { ...process.env, [ENV]: lab.file.credentials.password }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let sent = false;
    // Bounded: the slow host alone would keep the audit going for tens of seconds.
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      // The run has its id once an instance reports progress; the fast host logs in first.
      if (!sent && /^ct-linux-1: /m.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr, interruptedAfterProgress: sent });
    });
  });
}

describe('Ctrl+C in ctha audit', () => {
  it('cancels the run at its next safe point, says so, and ends with the cancelled error (exit 1)', async () => {
    const run = await auditInterrupted();
    expect(run.interruptedAfterProgress).toBe(true);
    expect(run.stderr).toContain('Cancelling: the run stops before its next host operation');
    expect(run.stderr).toMatch(/^ctha: .*cancel/im);
    // Stopped by the engine, not killed by the signal or the guard.
    expect(run.code).toBe(1);
  }, 120_000);
});
