// The audit step of .ci/run, run with a stand-in `npm` on PATH: real high findings fail, registry trouble skips.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ciRun = readFileSync(fileURLToPath(new URL('../../.ci/run', import.meta.url)), 'utf8');
const auditFunction = /^audit_production_dependencies\(\) \{\n[\s\S]*?\n\}\n/m.exec(ciRun)?.[0] ?? '';
let bin = '';

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'ctha-ci-audit-'));
  // Records its arguments and answers with the report and exit code the test chose.
  writeFileSync(join(bin, 'npm'), '#!/bin/sh\necho "$@" > "$STUB_DIR/args"\ncat "$STUB_DIR/report"\nexit "$STUB_RC"\n');
  chmodSync(join(bin, 'npm'), 0o755);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function audit(report: string, rc: number) {
  writeFileSync(join(bin, 'report'), report);
  const run = spawnSync('bash', ['-c', `set -euo pipefail\n${auditFunction}audit_production_dependencies`], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, STUB_DIR: bin, STUB_RC: String(rc) },
    timeout: 30_000,
  });
  return { status: run.status, out: run.stdout, args: readFileSync(join(bin, 'args'), 'utf8').trim() };
}

const report = (vulnerabilities: Record<string, { name: string; severity: string; range: string }>) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: {} });

describe('.ci/run dependency audit', () => {
  it('is called in .ci/run after npm ci and before the tests', () => {
    expect(auditFunction).not.toBe('');
    const call = ciRun.indexOf('\naudit_production_dependencies\n');
    expect(call).toBeGreaterThan(ciRun.indexOf('npm ci'));
    expect(call).toBeLessThan(ciRun.indexOf('npm test'));
  });

  it('audits production dependencies at level high', () => {
    expect(audit(report({}), 0).args).toBe('audit --omit=dev --audit-level=high --json');
  });

  it('fails on a high or critical advisory and names the package', () => {
    const result = audit(
      report({
        'fast-xml-parser': { name: 'fast-xml-parser', severity: 'high', range: '<5.3.0' },
        zod: { name: 'zod', severity: 'moderate', range: '<1' },
      }),
      1,
    );
    expect(result.status).toBe(1);
    expect(result.out).toContain('1 production package(s) with high or critical advisories');
    expect(result.out).toContain('fast-xml-parser <5.3.0 (high)');
    expect(result.out).not.toContain('zod');
  });

  it('passes with only moderate advisories or none', () => {
    expect(audit(report({ zod: { name: 'zod', severity: 'moderate', range: '<1' } }), 0)).toMatchObject({
      status: 0,
      out: expect.stringContaining('no high or critical'),
    });
  });

  it('skips with one line when the registry does not answer, whatever npm exits with', () => {
    const offline = audit(
      JSON.stringify({
        message: 'request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed, reason: getaddrinfo ENOTFOUND',
        error: { summary: '' },
      }),
      1,
    );
    expect(offline.status).toBe(0);
    expect(offline.out.trim().split('\n')).toEqual([
      expect.stringMatching(/^npm audit: skipped \(the registry did not answer the audit request: .*ENOTFOUND\)$/),
    ]);
    expect(audit('', 1)).toMatchObject({ status: 0, out: expect.stringContaining('npm audit: skipped') });
  });
});
