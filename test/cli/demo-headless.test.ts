// `ctha demo --headless` as a user runs it (the built dist/, no browser, emulated hosts, no root needed):
// the whole commissioning of the training lab at 127.0.232.10-13 ends with a verified PASS report, the
// lab is stopped and only the report bundle is left, and `ctha verify-report` accepts that bundle.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ATTESTATION_NOTE, DEMO_ENGINEER } from '../../cli/commands/demo/demo-attest.js';
import { BUNDLE_FILES } from '../../shared/report/bundle-files.js';
import type { Evidence } from '../../shared/report/evidence.js';
import type { CthaResult } from '../support/ctha.js';
import { ctha, cthaWithEnv, requireBuiltCli } from '../support/ctha.js';

const root = mkdtempSync(join(tmpdir(), 'ctha-demo-headless-'));
const out = join(root, 'out');
// The user's own config folder: the demo's throwaway identity must not land there.
const userConfig = join(root, 'user-config');

describe('ctha demo --headless', () => {
  let run: CthaResult;

  beforeAll(() => {
    requireBuiltCli();
    run = cthaWithEnv({ XDG_CONFIG_HOME: userConfig }, 'demo', '--headless', '--out', out, '--address-base', '127.0.232.10');
  }, 250_000);

  it('exits 0 with a verified PASS, each step OK in the summary, and the report path', () => {
    expect(run.status, `${run.stdout}\n${run.stderr.slice(-3000)}`).toBe(0);
    expect(run.stdout).toContain('Verdict: PASS (verified)');
    expect(run.stdout).toContain(`Report:  ${join(out, 'report')}`);
    const summary = run.stdout.slice(run.stdout.indexOf('Summary of the training-lab commissioning'));
    for (const step of ['Pre-checks', 'Audit', 'Plan', 'Apply', 'Probe', 'Attest', 'Report', 'Verify'])
      expect(summary).toMatch(new RegExp(`^ {2}OK {4}${step} `, 'm'));
    expect(summary).not.toMatch(/^ {2}FAIL/m);
  });

  it('says which host keys it accepted, with the fingerprints the lab recorded, and asks for no password', () => {
    const accepted = run.stdout.match(
      /^Accepted the training lab's host key of (ct-[a-z]+-\d) \(127\.0\.232\.1[1-3]:2222\) ssh-ed25519 SHA256:\S+/gm,
    );
    expect(accepted?.map((line) => line.split(' ')[7])).toEqual(['ct-linux-1', 'ct-linux-2', 'ct-win-1']);
    expect(run.stdout + run.stderr).not.toMatch(/asked for a (ssh|sudo) password|NOT accepted/);
  });

  it('ran a grouped plan and a rolling apply that fixed the drift', () => {
    expect(run.stdout).toMatch(/^OK {4}Audit: drift \(/m);
    expect(run.stdout).toMatch(/^OK {4}Plan: \d+ group\(s\) \[/m);
    expect(run.stdout).toMatch(/^OK {4}Apply: rolling: ct-linux-1 unchanged, ct-linux-2 applied, ct-win-1 applied$/m);
  });

  it('signed evidence: verdict pass, requirement 3 attested by the demo engineer with the training-lab note', () => {
    const evidence = JSON.parse(readFileSync(join(out, 'report', BUNDLE_FILES.evidence), 'utf8')) as Evidence;
    expect(evidence.verdict.outcome).toBe('pass');
    expect(evidence.attestations.map((entry) => [entry.requirement, entry.instance, entry.engineer, entry.note])).toEqual(
      ['ct-linux-1', 'ct-linux-2', 'ct-win-1'].map((name) => ['req3', name, DEMO_ENGINEER, DEMO_ATTESTATION_NOTE]),
    );
  });

  it('stopped the lab and left only the report bundle; the identity never went to the user config folder', () => {
    expect(readdirSync(out)).toEqual(['report']);
    expect(readdirSync(join(out, 'report')).sort()).toEqual(Object.values(BUNDLE_FILES).sort());
    expect(existsSync(join(userConfig, 'ctha'))).toBe(false);
    expect(run.stdout).toContain(`the report bundle is in ${join(out, 'report')}`);
  });

  it('`ctha verify-report` on the bundle exits 0 and states the signed PASS', () => {
    const verified = ctha('verify-report', join(out, 'report'));
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^Signed verdict: PASS: /m);
  }, 60_000);
});

describe('ctha demo --headless, refused before any lab starts', () => {
  it('a non-empty --out folder: exit 1, a clear reason, its contents untouched', () => {
    requireBuiltCli();
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'keep.txt'), 'mine');
    const refused = ctha('demo', '--headless', '--out', busy, '--address-base', '127.0.232.10');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`--out ${busy} is not empty`);
    expect(readdirSync(busy)).toEqual(['keep.txt']);
  });

  it('--port with --headless, and --keep without it, are usage errors', () => {
    expect(ctha('demo', '--headless', '--port', '8080').stderr).toMatch(/--port is for the interactive demo/);
    expect(ctha('demo', '--keep').stderr).toMatch(/--out and --keep are options of demo --headless/);
  });
});
