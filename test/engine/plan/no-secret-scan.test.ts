// No certificate or licence key bytes in anything the product writes or prints: an emulated lab
// (127.0.142.10-12, this file only) whose instances carry a drifted feeds certificate and licence key is
// planned (`ctha plan` text and --json, the plan file), shown for confirmation, applied with an
// interruption (the journal is left), applied again (`ctha apply --json`), and reported (`ctha report`).
// Every file and text is scanned for PEM armour, PEM bodies and key bytes (raw, base64, hex); the plan,
// journal and evidence files must be 0600. The sensitive bytes still reach the hosts: apply takes them
// from its re-derivation from the live reference.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runApply } from '../../../cli/commands/apply.js';
import type { ApplyTerminal } from '../../../cli/commands/apply.js';
import { runPlan } from '../../../cli/commands/plan.js';
import { runReport } from '../../../cli/commands/report.js';
import { identityToP12 } from '../../../engine/report/identity/p12.js';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import { SimulatedInterruption } from '../../../engine/steps/apply/apply-types.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { journalPathFor } from '../../../engine/steps/journal/apply-journal.js';
import { FEEDS_CERT_DRIFTED, FEEDS_CERT_REFERENCE } from '../../../lab/trees/lab-pki.js';
import { labLicenseKey } from '../../../lab/trees/lab-license.js';
import type { ApplyReport } from '../../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import { BUNDLE_FILES } from '../../../shared/report/bundle-files.js';
import { acceptHostKeyFlags } from '../../cli/accept-host-keys.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';
import { runDeps } from '../audit/run-deps.js';
import { inflatedStreams } from '../report/tools.js';

const ENV = 'CTHA_SECRET_SCAN_PASSWORD';
const PASS_ENV = 'CTHA_SECRET_SCAN_P12';
const PASS = 'secret-scan p12 passphrase 4K';
const dir = mkdtempSync(join(tmpdir(), 'ctha-secret-scan-'));
const savedXdg = process.env['XDG_CONFIG_HOME'];

/** Strings whose presence means sensitive bytes leaked: armour, each PEM body line, key bytes raw, base64 and hex. */
function needlesOf(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  const base64 = bytes.toString('base64');
  const needles = [base64.slice(8, 72)];
  if (text.includes('-----BEGIN')) {
    needles.push('-----BEGIN');
    needles.push(
      ...text
        .split('\n')
        .filter((line) => /^[A-Za-z0-9+/=]{40,}$/.test(line.trim()))
        .map((line) => line.trim()),
    );
  } else {
    // A binary key: its pseudo-random part, raw, and as hex; its label line too.
    const label = text.slice(0, text.indexOf('\n'));
    const random = bytes.subarray(bytes.indexOf(0) + 1);
    needles.push(
      label,
      random.subarray(0, 24).toString('latin1'),
      random.subarray(0, 24).toString('hex'),
      random.subarray(0, 24).toString('base64'),
    );
  }
  return needles;
}

const SECRETS: { name: string; needles: string[] }[] = [
  { name: 'reference feeds certificate', needles: needlesOf(Buffer.from(FEEDS_CERT_REFERENCE)) },
  { name: 'drifted feeds certificate', needles: needlesOf(Buffer.from(FEEDS_CERT_DRIFTED)) },
  { name: 'reference licence key', needles: needlesOf(labLicenseKey('reference')) },
  { name: 'drifted licence key', needles: needlesOf(labLicenseKey('drifted')) },
];

/** The names of the secrets found in a text (empty: clean). */
function leaks(text: string): string[] {
  return SECRETS.flatMap((secret) =>
    secret.needles.filter((needle) => text.includes(needle)).map((needle) => `${secret.name}: ${JSON.stringify(needle.slice(0, 24))}`),
  );
}

async function capture(command: () => Promise<number>): Promise<{ code: number | Error; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await command(), stdout, stderr };
  } catch (error) {
    return { code: error as Error, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const terminal = (interactive: boolean, answer: string): ApplyTerminal => ({ interactive, ask: () => Promise.resolve(answer) });

describe('no certificate or key bytes in anything the product writes or prints', () => {
  let lab: TestLab;
  const printed: { what: string; text: string }[] = [];
  const written: { what: string; path: string }[] = [];
  const common = (): string[] => ['--password-env', ENV];

  beforeAll(async () => {
    lab = startLab('127.0.142.10', [
      '--linux',
      '2',
      '--windows',
      '1',
      '--backend',
      'emulated',
      '--version',
      '5.1',
      '--drift',
      'certificate',
      '--drift',
      'license',
      '--drift',
      'event-format',
    ]);
    process.env[ENV] = lab.file.credentials.password;
    process.env[PASS_ENV] = PASS;
    process.env['XDG_CONFIG_HOME'] = join(dir, 'config');
    writeFileSync(join(dir, 'jane.p12'), identityToP12(await createSelfSignedIdentity('Jane Engineer'), PASS), { mode: 0o600 });
  }, 240_000);
  afterAll(() => {
    lab?.down();
    if (savedXdg === undefined) delete process.env['XDG_CONFIG_HOME'];
    else process.env['XDG_CONFIG_HOME'] = savedXdg;
  }, 60_000);

  it('plans, confirms, applies (interrupted, then resumed) and reports without one byte of a certificate or key; every file 0600', async () => {
    // The fixture really holds the secrets: the drifted instances' files are the drifted certificate and key.
    const planPath = join(dir, 'plan.json');
    const planned = await capture(() =>
      runPlan([lab.file.projectPath, '--out', planPath, '--accept-new-host-keys', ...acceptHostKeyFlags(lab.file), ...common()]),
    );
    expect(planned.code, planned.stderr).toBe(2);
    printed.push({ what: 'ctha plan', text: planned.stdout + planned.stderr });
    written.push({ what: 'plan file', path: planPath });
    const planJson = await capture(() => runPlan([lab.file.projectPath, '--json', ...common()]));
    printed.push({ what: 'ctha plan --json', text: planJson.stdout + planJson.stderr });

    const plan = JSON.parse(readFileSync(planPath, 'utf8')) as PlanDocument;
    const sensitive = plan.instances.flatMap((instance) =>
      instance.changes.filter((change) => change.sensitive !== undefined).map((change) => ({ instance: instance.name, change })),
    );
    // A certificate copy and a key copy (plus a set-aside) on each drifted instance, none with bytes in the file.
    expect(
      sensitive
        .filter((entry) => entry.change.relativePath.endsWith('.key') && entry.change.kind === 'copy')
        .map((entry) => entry.instance)
        .sort(),
    ).toEqual(['ct-linux-2', 'ct-win-1']);
    const certificates = sensitive.filter((entry) => entry.change.sensitive?.subject !== undefined);
    expect(certificates.map((entry) => entry.instance).sort()).toEqual(['ct-linux-2', 'ct-win-1']);
    expect(certificates[0]?.change.sensitive?.subject).toContain('CN=Lab feeds certificate (reference)');
    expect(certificates[0]?.change.unifiedDiff).toMatch(
      /^certificate replaced: O=CyberTrace HA lab, CN=Lab feeds certificate \(reference\), valid .* \d+ bytes, sha256 [0-9a-f]{64} \(was sha256 [0-9a-f]{64}\)\n$/,
    );
    for (const entry of sensitive) expect(Object.keys(entry.change)).not.toContain('afterBase64');

    // Declined on a terminal: the confirmation text is the re-derived plan.
    const declined = await capture(() => runApply([planPath, ...common()], terminal(true, 'no')));
    expect(declined.code).toBe(1);
    expect(declined.stdout).toContain('certificate replaced: O=CyberTrace HA lab');
    printed.push({ what: 'ctha apply (declined)', text: declined.stdout + declined.stderr });

    // Interrupted before ct-win-1's service start (the last instance, rolling or not): its journal entry stays.
    const interrupted = await runApplyOnce(planPath, runDeps(lab.file.credentials.password).deps, {
      readyDeadlineMs: 20_000,
      hooks: {
        beforeStep: (instance, step) => {
          if (instance === 'ct-win-1' && step === 'start') throw new SimulatedInterruption('killed');
        },
      },
    });
    expect(interrupted.report?.instances.map((result) => `${result.instance}:${result.outcome}`)).toEqual([
      'ct-linux-1:unchanged',
      'ct-linux-2:applied',
      'ct-win-1:interrupted',
    ]);
    printed.push({ what: 'apply.run result', text: JSON.stringify(interrupted) });
    const journalPath = journalPathFor(lab.file.projectPath);
    expect(statSync(journalPath).mode & 0o777).toBe(0o600);
    // Read now: the resume below clears it.
    const journalText = readFileSync(journalPath, 'utf8');
    expect(journalText).toContain('ct-win-1');

    // The next apply resumes it (restart completed) and finds everything already applied.
    const applied = await capture(() => runApply([planPath, '--yes', '--json', ...common()], terminal(false, 'no')));
    expect(applied.code, applied.stderr).toBe(0);
    printed.push({ what: 'ctha apply --yes --json', text: applied.stdout + applied.stderr });
    const { report } = JSON.parse(applied.stdout) as { report: ApplyReport };
    expect(report.instances.find((result) => result.instance === 'ct-win-1')?.resumed?.outcome).toBe('completed');
    // The bytes were written, although no plan file or journal holds them: taken from the live reference.
    for (const entry of sensitive.filter((candidate) => candidate.change.kind !== 'set-aside')) {
      const now = readFileSync(lab.local(entry.instance, entry.change.path));
      expect(createHashHex(now), `${entry.instance}:${entry.change.path}`).toBe(entry.change.afterSha256);
    }

    // The report bundle over the two applies.
    const firstApply = join(dir, 'apply-1.json');
    writeFileSync(firstApply, JSON.stringify(interrupted.report));
    const secondApply = join(dir, 'apply-2.json');
    writeFileSync(secondApply, JSON.stringify(report));
    const out = join(dir, 'bundle');
    const reported = await capture(() =>
      runReport([
        lab.file.projectPath,
        '--engineer',
        'Jane Engineer',
        '--out',
        out,
        '--p12',
        join(dir, 'jane.p12'),
        '--p12-pass-env',
        PASS_ENV,
        '--apply-report',
        firstApply,
        '--apply-report',
        secondApply,
        '--plan',
        planPath,
        ...common(),
      ]),
    );
    // Exit 0 or 2 (the verdict); an Error would be exit 1.
    expect(reported.code instanceof Error ? reported.code.message : 'exit code', reported.stderr).toBe('exit code');
    printed.push({ what: 'ctha report', text: reported.stdout + reported.stderr });
    for (const name of readdirSync(out)) {
      expect(statSync(join(out, name)).mode & 0o777, name).toBe(0o600);
      written.push({ what: `bundle ${name}`, path: join(out, name) });
    }
    const evidence = readFileSync(join(out, BUNDLE_FILES.evidence), 'utf8');
    expect(evidence).toContain('"transcript"');

    const found: string[] = [];
    for (const entry of printed) found.push(...leaks(entry.text).map((leak) => `${entry.what}: ${leak}`));
    for (const entry of written) {
      const bytes = readFileSync(entry.path);
      const texts = [bytes.toString('latin1'), ...(entry.path.endsWith('.pdf') ? [inflatedStreams(bytes).text] : [])];
      for (const text of texts) found.push(...leaks(text).map((leak) => `${entry.what}: ${leak}`));
    }
    found.push(...leaks(journalText).map((leak) => `journal: ${leak}`));
    expect(found).toEqual([]);
    // The scan can see a leak: the needles are in the host files themselves.
    const linuxSensitive = sensitive.filter((entry) => entry.instance === 'ct-linux-2');
    expect(linuxSensitive.length).toBeGreaterThan(1);
    for (const entry of linuxSensitive)
      expect(leaks(readFileSync(lab.local('ct-linux-1', entry.change.path)).toString('latin1')).length, entry.change.path).toBeGreaterThan(
        0,
      );
  }, 420_000);
});

function createHashHex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
