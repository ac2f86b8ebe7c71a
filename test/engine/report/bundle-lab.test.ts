// A report from a lab run: real pre-check results, pinned host keys and transcript from `ctha check` against
// an emulated lab on 127.0.105.x; findings, changes and probes typed but synthetic until audit, apply and
// probe produce them. Checked by the built-in verifier and independently by OpenSSL and poppler.
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltReport } from '../../../engine/report/build-report.js';
import { buildReport } from '../../../engine/report/build-report.js';
import { identityToP12 } from '../../../engine/report/identity/p12.js';
import { resolveIdentity } from '../../../engine/report/identity/resolve-identity.js';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import { SecretInReportError } from '../../../engine/report/secret-scan.js';
import { verifyReport } from '../../../engine/report/verify/verify-report.js';
import type { LabFile } from '../../../lab/orchestrator/lab-file.js';
import type { PrecheckResult } from '../../../shared/prechecks/catalogue.js';
import type { Project } from '../../../shared/project/schema.js';
import { BUNDLE_FILES } from '../../../shared/report/bundle-files.js';
import type { EvidenceInputDraft } from '../../../shared/report/evidence.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';
import { acceptHostKeyFlags } from '../../cli/accept-host-keys.js';
import { ctha } from '../../support/ctha.js';
import { labFile } from '../../support/lab.js';
import { makeBundle, tempDir } from './bundle-fixture.js';
import { inflatedStreams, missingBinary, run } from './tools.js';

const ARTIFACTS = 'test-artifacts/report';
const PASSPHRASE = 'p12 passphrase: Kx!93 lab';
const noOpenssl = missingBinary('openssl', 'version');
const noPdfsig = missingBinary('pdfsig');
const noPdftoppm = missingBinary('pdftoppm');
const noPdfdetach = missingBinary('pdfdetach');
const skipped = (name: string, reason: string | undefined): string => (reason ? `${name} (skipped: ${reason})` : name);

interface CheckRun {
  readonly results: PrecheckResult[];
  readonly transcript: unknown[];
}

const parent = tempDir('lab');
chmodSync(parent, 0o755);
const labDir = join(parent, 'lab');
let lab: LabFile;
let check: CheckRun;
let project: Project;
let evidence: EvidenceInputDraft;
let bundle: BuiltReport;
let keyPem: string;

// The evidence a full run will assemble, from what exists today.
function labEvidence(): EvidenceInputDraft {
  const started = Math.min(...(check.transcript as { startedAt: string }[]).map((entry) => Date.parse(entry.startedAt)));
  const names = project.instances.map((instance) => instance.name);
  return {
    evidenceFormatVersion: 1,
    engineer: { name: 'Jane Engineer' },
    cluster: { name: project.name, referenceInstance: project.referenceInstance, reqRuleName: project.reqRuleName },
    instances: project.instances.map((instance) => ({
      name: instance.name,
      host: instance.host,
      port: instance.port,
      os: instance.os,
      user: instance.user,
      ...(instance.serviceDir ? { serviceDir: instance.serviceDir } : {}),
      cybertraceVersion: lab.hosts.find((host) => host.instance.name === instance.name)?.instance.version ?? 'unknown',
    })),
    times: { startedAt: new Date(started).toISOString(), finishedAt: new Date().toISOString() },
    hostKeys: project.hostKeys,
    prechecks: check.results,
    findings: names.flatMap((instance) =>
      REQUIREMENT_IDS.map((requirement) =>
        requirement === 'req3'
          ? {
              requirement,
              instance,
              status: 'attested' as const,
              observed: null,
              verifiedBy: 'engineer' as const,
              detail: 'indicators compared in CyberTrace Web',
            }
          : { requirement, instance, status: 'match' as const, observed: { lab: true }, verifiedBy: 'tool' as const },
      ),
    ),
    probes: lab.hosts.map((host) => ({
      instance: host.instance.name,
      target: `${host.instance.address}:${host.instance.inputPort}`,
      status: 'pass' as const,
      at: new Date().toISOString(),
      pingMs: 2,
      lookupMs: 35,
      eventId: '4711',
      detail: 'PONG, then 4711 LookupFinished',
    })),
    attestations: names.map((instance) => ({
      requirement: 'req3' as const,
      instance,
      note: 'FalsePositive and InternalTI lists compared in CyberTrace Web',
      engineer: 'Jane Engineer',
      date: new Date().toISOString(),
    })),
    transcript: check.transcript as EvidenceInputDraft['transcript'],
  };
}

beforeAll(async () => {
  const up = ctha(
    'lab',
    'up',
    '--out',
    labDir,
    '--linux',
    '1',
    '--windows',
    '1',
    '--backend',
    'emulated',
    '--address-base',
    '127.0.105.10',
    '--ready-delay-ms',
    '200',
  );
  if (up.status !== 0) throw new Error(`lab up failed: ${up.stderr}`);
  lab = labFile(labDir);
  process.env['CTHA_REPORT_TEST_PASSWORD'] = lab.credentials.password;
  const checked = ctha(
    'check',
    lab.projectPath,
    '--json',
    '--password-env',
    'CTHA_REPORT_TEST_PASSWORD',
    '--accept-new-host-keys',
    ...acceptHostKeyFlags(lab),
  );
  if (checked.status !== 0) throw new Error(`ctha check failed (${checked.status}): ${checked.stderr}`);
  check = JSON.parse(checked.stdout) as CheckRun;
  project = JSON.parse(readFileSync(lab.projectPath, 'utf8')) as Project;
  evidence = labEvidence();

  // The engineer's own PKCS#12 file, unlocked with a passphrase as the CLI and wizard do.
  const made = await createSelfSignedIdentity('Jane Engineer');
  keyPem = made.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const p12Path = join(parent, 'jane.p12');
  writeFileSync(p12Path, identityToP12(made, PASSPHRASE), { mode: 0o600 });
  const identity = await resolveIdentity({ kind: 'p12', path: p12Path }, 'Jane Engineer', async () => PASSPHRASE);
  bundle = await makeBundle(evidence, identity.identity, { knownSecrets: [lab.credentials.password, ...identity.passphrases] });

  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  cpSync(bundle.outDir, join(ARTIFACTS, 'bundle'), { recursive: true });
}, 240_000);

afterAll(() => {
  if (existsSync(join(labDir, 'lab.json'))) ctha('lab', 'down', labDir);
}, 60_000);

describe('a report from a lab run', () => {
  it("holds the run's real pre-check results, pinned keys and transcript", () => {
    const written = JSON.parse(readFileSync(join(bundle.outDir, BUNDLE_FILES.evidence), 'utf8')) as {
      prechecks: unknown[];
      transcript: unknown[];
      hostKeys: unknown[];
      verdict: { outcome: string };
    };
    expect(written.prechecks).toEqual(check.results);
    expect(written.transcript.length).toBe(check.transcript.length);
    expect(written.transcript.length).toBeGreaterThan(lab.hosts.length);
    expect(written.hostKeys).toHaveLength(lab.hosts.length);
    expect(written.verdict.outcome).toBe('pass');
    expect(bundle.files.map((file) => file.name)).toEqual([
      BUNDLE_FILES.evidence,
      BUNDLE_FILES.signature,
      BUNDLE_FILES.pdf,
      BUNDLE_FILES.verify,
    ]);
    expect(readdirSync(dirname(bundle.outDir))).toEqual(['bundle']);
  });

  it('verifies with the built-in verifier, as a folder and as a lone PDF', async () => {
    const folder = await verifyReport(bundle.outDir);
    expect(folder.failure).toBeUndefined();
    expect(folder.ok).toBe(true);
    expect(folder.checks.map((entry) => entry.name)).toEqual([
      'bundle files',
      'signature over evidence.json',
      'evidence format',
      'PDF signature',
      'same signer',
      'signing time',
      'printed hash',
      'attached evidence',
      'VERIFY.txt',
    ]);
    expect(folder.evidenceSha256).toBe(bundle.evidenceSha256);
    expect(folder.signer?.sha256Fingerprint).toBe(bundle.signer.sha256Fingerprint);
    const pdf = await verifyReport(join(bundle.outDir, BUNDLE_FILES.pdf));
    expect(pdf).toMatchObject({ ok: true, mode: 'pdf', evidenceSha256: bundle.evidenceSha256 });
  });

  it(skipped('verifies with the exact OpenSSL commands VERIFY.txt gives, and the fingerprint matches', noOpenssl), () => {
    if (noOpenssl) return;
    const work = join(tempDir('openssl'), 'bundle');
    cpSync(bundle.outDir, work, { recursive: true });
    const text = readFileSync(join(work, BUNDLE_FILES.verify), 'utf8');
    const commands = text
      .split('\n')
      .filter((line) => /^ {3}openssl /.test(line))
      .map((line) => line.trim());
    expect(commands).toHaveLength(3);
    const [extract, fingerprint, verify] = commands.map((command) => run('sh', ['-c', command], work));
    expect(extract?.status, extract?.stderr).toBe(0);
    expect(fingerprint?.stdout).toContain(`sha256 Fingerprint=${bundle.signer.sha256Fingerprint}`);
    expect(text).toContain(bundle.signer.sha256Fingerprint);
    expect(verify?.status, verify?.stderr).toBe(0);
    expect(verify?.stderr).toContain('CMS Verification successful');
    const noverify = run(
      'openssl',
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        BUNDLE_FILES.signature,
        '-content',
        BUNDLE_FILES.evidence,
        '-noverify',
        '-out',
        '/dev/null',
      ],
      work,
    );
    expect(noverify.status, noverify.stderr).toBe(0);
    const sha = run('openssl', ['dgst', '-sha256', '-r', BUNDLE_FILES.evidence], work);
    expect(sha.stdout.split(' ')[0]).toBe(bundle.evidenceSha256);
    expect(text).toContain(bundle.evidenceSha256);
  });

  it(skipped('verifies with poppler: pdfsig says valid and total; pdfdetach gives back evidence.json', noPdfsig ?? noPdfdetach), () => {
    if (noPdfsig || noPdfdetach) return;
    const pdfsig = run('pdfsig', [join(bundle.outDir, BUNDLE_FILES.pdf)]);
    expect(pdfsig.stdout).toContain('Signature is Valid.');
    expect(pdfsig.stdout).toContain('Total document signed');
    expect(pdfsig.stdout).toContain('adbe.pkcs7.detached');
    expect(pdfsig.stdout).toContain('Signer Certificate Common Name: Jane Engineer');
    expect(pdfsig.stdout).toContain('SHA-256');
    const work = tempDir('detach');
    const detached = run('pdfdetach', ['-save', '1', '-o', join(work, 'attached-evidence.json'), join(bundle.outDir, BUNDLE_FILES.pdf)]);
    expect(detached.status, detached.stderr).toBe(0);
    expect(readFileSync(join(work, 'attached-evidence.json')).equals(readFileSync(join(bundle.outDir, BUNDLE_FILES.evidence)))).toBe(true);
  });

  it('reserves at least 16384 hex characters for the PDF signature', () => {
    const pdf = readFileSync(join(bundle.outDir, BUNDLE_FILES.pdf)).toString('latin1');
    const [, , contentsStart, contentsEnd] = (/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(pdf) ?? []).map(Number);
    expect((contentsEnd as number) - (contentsStart as number) - 2).toBeGreaterThanOrEqual(16384);
  });

  it('contains no secret: no lab password, passphrase or key material in any file, compressed PDF streams included', () => {
    const secrets = [lab.credentials.password, PASSPHRASE];
    const keyLines = [
      ...keyPem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----')),
      ...readFileSync(lab.credentials.privateKeyPath, 'utf8')
        .split('\n')
        .filter((line) => line.length > 20 && !line.startsWith('-----')),
    ];
    expect(keyLines.length).toBeGreaterThan(10);
    const pdf = readFileSync(join(bundle.outDir, BUNDLE_FILES.pdf));
    const streams = inflatedStreams(pdf);
    // The inflation works: the attached evidence is readable inside the streams, so a secret would be too.
    expect(streams.count).toBeGreaterThan(2);
    expect(streams.text).toContain('"evidenceFormatVersion": 1');
    expect(streams.text).toContain(check.results[0]?.evidence ?? '(none)');
    for (const name of Object.values(BUNDLE_FILES)) {
      const bytes = readFileSync(join(bundle.outDir, name));
      const texts = [bytes.toString('latin1'), bytes.toString('utf8'), ...(name === BUNDLE_FILES.pdf ? [streams.text] : [])];
      for (const text of texts) {
        for (const secret of [...secrets, ...keyLines]) expect(text.includes(secret), `${name} contains a secret`).toBe(false);
        expect(text).not.toMatch(/PRIVATE KEY-----/);
      }
    }
  });

  it('refuses to write a bundle that would contain the lab password, and leaves nothing behind', async () => {
    const leaky = {
      ...evidence,
      transcript: [
        ...(evidence.transcript ?? []),
        { ...(evidence.transcript?.[0] as object), command: `echo ${lab.credentials.password} | sudo -S true` },
      ],
    };
    const out = join(tempDir('leak'), 'bundle');
    const identity = await resolveIdentity({ kind: 'p12', path: join(parent, 'jane.p12') }, 'Jane Engineer', async () => PASSPHRASE);
    const error = await buildReport({
      evidence: leaky,
      signer: identity.identity,
      outDir: out,
      knownSecrets: [lab.credentials.password],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretInReportError);
    expect((error as Error).message).toMatch(
      /^refusing to write the report: evidence\.transcript\[\d+\]\.command contains known secret #1$/,
    );
    expect((error as Error).message).not.toContain(lab.credentials.password);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dirname(out))).toEqual([]);
  });

  it(skipped('renders to PNG for people to look at (test-artifacts/report/)', noPdftoppm), () => {
    if (noPdftoppm) return;
    const rendered = run('pdftoppm', ['-png', '-r', '60', join(bundle.outDir, BUNDLE_FILES.pdf), join(ARTIFACTS, 'report-page')]);
    expect(rendered.status, rendered.stderr).toBe(0);
    const pages = readdirSync(ARTIFACTS).filter((name) => name.startsWith('report-page') && name.endsWith('.png'));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const page of pages)
      expect(
        readFileSync(join(ARTIFACTS, page))
          .subarray(0, 8)
          .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      ).toBe(true);
  });
});
