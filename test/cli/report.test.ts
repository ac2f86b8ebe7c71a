// `ctha report build` and `ctha verify-report`, run in-process through their command functions
// (cli/main.ts routes to them once the coordinator wires them in).
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runReport } from '../../cli/commands/report.js';
import { runVerifyReport } from '../../cli/commands/verify-report.js';
import { identityToP12 } from '../../engine/report/identity/p12.js';
import { createSelfSignedIdentity } from '../../engine/report/identity/self-signed.js';
import type { SigningIdentity } from '../../engine/report/identity/signing-identity.js';
import { describeCertificate } from '../../engine/report/identity/signing-identity.js';
import { syntheticEvidence } from '../engine/report/synthetic-evidence.js';

const dir = mkdtempSync(join(tmpdir(), 'ctha-cli-report-'));
const evidencePath = join(dir, 'evidence-input.json');
const PASS = 'cli test passphrase 42';
const LAB_PASSWORD = 'lab-password-Zq7!';
const saved = { xdg: process.env['XDG_CONFIG_HOME'] };
let identity: SigningIdentity;

// Runs a command function, capturing what it prints.
async function capture(run: () => Promise<number>): Promise<{ code: number | Error; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await run(), stdout, stderr };
  } catch (error) {
    return { code: error as Error, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  identity = await createSelfSignedIdentity('Jane Engineer');
  writeFileSync(join(dir, 'jane.p12'), identityToP12(identity, PASS));
  writeFileSync(evidencePath, JSON.stringify(syntheticEvidence({ instances: 2 })));
  process.env['CTHA_TEST_P12_PASS'] = PASS;
  process.env['CTHA_TEST_LAB_PASSWORD'] = LAB_PASSWORD;
  process.env['XDG_CONFIG_HOME'] = join(dir, 'config');
}, 60_000);

afterAll(() => {
  if (saved.xdg === undefined) delete process.env['XDG_CONFIG_HOME'];
  else process.env['XDG_CONFIG_HOME'] = saved.xdg;
});

describe('ctha report build', () => {
  it("builds with the engineer's PKCS#12 file (passphrase from the named variable) and prints JSON", async () => {
    const out = join(dir, 'out-p12');
    const run = await capture(() =>
      runReport([
        'build',
        '--evidence',
        evidencePath,
        '--out',
        out,
        '--p12',
        join(dir, 'jane.p12'),
        '--p12-pass-env',
        'CTHA_TEST_P12_PASS',
        '--secret-env',
        'CTHA_TEST_LAB_PASSWORD',
        '--json',
      ]),
    );
    expect(run.code).toBe(0);
    const built = JSON.parse(run.stdout) as {
      outDir: string;
      signer: { sha256Fingerprint: string };
      identityCreated: boolean;
      verdict: { outcome: string };
    };
    expect(built).toMatchObject({ outDir: out, identityCreated: false, verdict: { outcome: 'pass' } });
    expect(built.signer.sha256Fingerprint).toBe(describeCertificate(identity.certificateDer).sha256Fingerprint);
    expect(run.stdout + run.stderr).not.toContain(PASS);
  });

  it('creates the product identity on first use (0600 under $XDG_CONFIG_HOME/ctha) and reuses it', async () => {
    const first = await capture(() =>
      runReport([
        'build',
        '--evidence',
        evidencePath,
        '--out',
        join(dir, 'out-product-1'),
        '--identity',
        'create',
        '--p12-pass-env',
        'CTHA_TEST_P12_PASS',
      ]),
    );
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Created a signing identity for "Jane Engineer" (self-signed RSA 3072), kept passphrase-protected.');
    expect(first.stdout).toContain(`Report bundle written to ${join(dir, 'out-product-1')}`);
    expect(first.stdout).toContain('Verdict: PASS');
    expect(first.stdout).toMatch(/Signed at .* \(this computer's clock; no trusted timestamp\)/);
    const path = join(dir, 'config', 'ctha', 'identity.p12');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = await capture(() =>
      runReport([
        'build',
        '--evidence',
        evidencePath,
        '--out',
        join(dir, 'out-product-2'),
        '--identity',
        'create',
        '--p12-pass-env',
        'CTHA_TEST_P12_PASS',
      ]),
    );
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain('Created');
    const fingerprint = (text: string): string | undefined => /Certificate SHA-256 (\S+)/.exec(text)?.[1];
    expect(fingerprint(second.stdout)).toBe(fingerprint(first.stdout));
  }, 60_000);

  it('refuses, writing nothing, when a secret named by --secret-env would be in the bundle', async () => {
    const leaky = syntheticEvidence({ instances: 1 });
    writeFileSync(
      join(dir, 'leaky.json'),
      JSON.stringify({ ...leaky, probes: [{ ...(leaky.probes?.[0] as object), detail: `login ${LAB_PASSWORD}` }] }),
    );
    const out = join(dir, 'out-leaky');
    const run = await capture(() =>
      runReport([
        'build',
        '--evidence',
        join(dir, 'leaky.json'),
        '--out',
        out,
        '--p12',
        join(dir, 'jane.p12'),
        '--p12-pass-env',
        'CTHA_TEST_P12_PASS',
        '--secret-env',
        'CTHA_TEST_LAB_PASSWORD',
      ]),
    );
    expect(run.code).toBeInstanceOf(Error);
    expect((run.code as Error).message).toBe('refusing to write the report: evidence.probes[0].detail contains known secret #1');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects bad command lines and bad input with specific messages', async () => {
    const message = async (args: string[]): Promise<string> => {
      const run = await capture(() => runReport(args));
      expect(run.code).toBeInstanceOf(Error);
      return (run.code as Error).message;
    };
    const base = ['build', '--evidence', evidencePath, '--out', join(dir, 'never')];
    expect(await message(['sign'])).toBe('unknown report subcommand "sign"');
    expect(await message(['build', '--out', 'x', '--identity', 'create'])).toBe('report build needs --evidence FILE and --out DIR');
    expect(await message([...base])).toBe('report build needs exactly one of --p12 FILE or --identity create');
    expect(await message([...base, '--p12', 'a.p12', '--identity', 'create'])).toBe(
      'report build needs exactly one of --p12 FILE or --identity create',
    );
    expect(await message([...base, '--identity', 'mine'])).toBe(
      '--identity takes "create" (the product\'s own certificate, created on first use), not "mine"',
    );
    expect(await message([...base, '--p12', join(dir, 'jane.p12'), '--p12-pass-env', 'CTHA_UNSET_VARIABLE'])).toBe(
      '--p12-pass-env CTHA_UNSET_VARIABLE: the environment variable CTHA_UNSET_VARIABLE is not set',
    );
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ evidenceFormatVersion: 1, engineer: { name: '' } }));
    expect(await message(['build', '--evidence', join(dir, 'invalid.json'), '--out', join(dir, 'never'), '--identity', 'create'])).toMatch(
      /is not a valid evidence input:\n.*engineer\.name/,
    );
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('ctha verify-report', () => {
  it('exits 0 on a good bundle and prints every check, 2 with the reason on a tampered one, 1 for a missing path', async () => {
    const out = join(dir, 'out-verify');
    expect(
      (
        await capture(() =>
          runReport([
            'build',
            '--evidence',
            evidencePath,
            '--out',
            out,
            '--p12',
            join(dir, 'jane.p12'),
            '--p12-pass-env',
            'CTHA_TEST_P12_PASS',
          ]),
        )
      ).code,
    ).toBe(0);
    const good = await capture(() => runVerifyReport([out]));
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('OK    signature over evidence.json:');
    expect(good.stdout).toContain(`VERIFIED: ${out} (the whole bundle)`);
    // The verdict the signed evidence states is said next to the signature's validity, as it was signed.
    const signed = JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8')) as { verdict: { outcome: string; summary: string } };
    expect(good.stdout).toContain(`Signed verdict: ${signed.verdict.outcome.toUpperCase()}: ${signed.verdict.summary}`);
    expect(good.stdout).toContain("(the signing laptop's clock; no trusted timestamp)");
    const json = await capture(() => runVerifyReport([join(out, 'report.pdf'), '--json']));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, mode: 'pdf', verdict: signed.verdict });

    // A changed fact (an extra trailing newline would be a re-serialisation, reported as such).
    writeFileSync(join(out, 'evidence.json'), readFileSync(join(out, 'evidence.json'), 'utf8').replace('"acme-ha"', '"acme-hb"'));
    const bad = await capture(() => runVerifyReport([out]));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('NOT VERIFIED (evidence-digest-mismatch): evidence.json is not the document that was signed');
    const badJson = await capture(() => runVerifyReport([out, '--json']));
    expect(badJson.code).toBe(2);
    expect(JSON.parse(badJson.stdout)).toMatchObject({ ok: false, failure: { code: 'evidence-digest-mismatch' } });

    const missing = await capture(() => runVerifyReport([join(dir, 'no-such-bundle')]));
    expect((missing.code as Error).message).toBe(`${join(dir, 'no-such-bundle')} not found`);
    expect(((await capture(() => runVerifyReport([]))).code as Error).message).toBe(
      'verify-report takes exactly one report folder or report.pdf',
    );
  });
});
