// `ctha report <cluster>` in-process through runReport, on emulated labs:
// - 127.0.125.10-13: two Linux and one Windows instance with `--drift default`: a report before the apply
//   (exit 2, fail), the engine's plan and apply, then the report with the apply report and its plan (exit 0):
//   the bundle verifies (verifyReport, OpenSSL), evidence.json holds every change with its digests and
//   backup, a probe of every instance, every requirement x instance finding, the pinned keys; no secret
//   in any file;
// - 127.0.126.10-12: a clean lab with requirement 3 attested: the verdict is what computeVerdict says
//   (pass with kl_balancer.conf, incomplete without it, since the alerts item is then unknown);
// - command-line errors, refused before any host is contacted.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runReport } from '../../cli/commands/report.js';
import { readProjectFile, writeProjectFile } from '../../engine/project/project-file.js';
import { identityToP12 } from '../../engine/report/identity/p12.js';
import { createSelfSignedIdentity } from '../../engine/report/identity/self-signed.js';
import { verifyReport } from '../../engine/report/verify/verify-report.js';
import { runApplyOnce } from '../../engine/steps/apply/run-apply.js';
import { runPlanOnce } from '../../engine/steps/plan/run-plan.js';
import { BALANCER_FILES } from '../../lab/trees/balancer-conf.js';
import type { ApplyReport } from '../../shared/plan/apply-report.js';
import { INSTANCE_OUTCOMES } from '../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import { BUNDLE_FILES } from '../../shared/report/bundle-files.js';
import type { Evidence } from '../../shared/report/evidence.js';
import { computeVerdict } from '../../shared/report/verdict.js';
import { REQUIREMENT_IDS } from '../../shared/requirements/ids.js';
import type { TestLab } from '../support/lab.js';
import { startLab } from '../support/lab.js';
import { acceptHostKeyFlags } from './accept-host-keys.js';
import { withReq3Attested } from '../engine/audit/audit-lab.js';
import { runDeps } from '../engine/audit/run-deps.js';
import { inflatedStreams, missingBinary, run } from '../engine/report/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'ctha-report-run-'));
const PASS = 'report-run p12 passphrase 7Q';
const PASS_ENV = 'CTHA_RR_P12_PASS';
const LAB_ENV = 'CTHA_RR_LAB_PASSWORD';
const noOpenssl = missingBinary('openssl', 'version');
const saved = { xdg: process.env['XDG_CONFIG_HOME'] };
let keyPem: string;

// Runs a command function, capturing what it prints; a thrown error is what `ctha` turns into exit 1.
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

function evidenceIn(outDir: string): Evidence {
  return JSON.parse(readFileSync(join(outDir, BUNDLE_FILES.evidence), 'utf8')) as Evidence;
}

// The report command line every lab case uses: the engineer's PKCS#12, the lab password from a variable.
function reportArgs(lab: TestLab, out: string, extra: readonly string[] = []): string[] {
  return [
    lab.file.projectPath,
    '--engineer',
    'Jane Engineer',
    '--out',
    out,
    '--p12',
    join(dir, 'jane.p12'),
    '--p12-pass-env',
    PASS_ENV,
    '--password-env',
    LAB_ENV,
    '--accept-new-host-keys',
    ...acceptHostKeyFlags(lab.file),
    ...extra,
  ];
}

beforeAll(async () => {
  const identity = await createSelfSignedIdentity('Jane Engineer');
  keyPem = identity.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(dir, 'jane.p12'), identityToP12(identity, PASS), { mode: 0o600 });
  process.env[PASS_ENV] = PASS;
  process.env['XDG_CONFIG_HOME'] = join(dir, 'config');
}, 60_000);

afterAll(() => {
  if (saved.xdg === undefined) delete process.env['XDG_CONFIG_HOME'];
  else process.env['XDG_CONFIG_HOME'] = saved.xdg;
});

describe("ctha report <cluster> on a drifting lab, before and after the engine's apply", () => {
  let lab: TestLab;
  let balancerConf: string;
  let plan: PlanDocument;
  let applied: ApplyReport;
  const names = ['ct-linux-1', 'ct-linux-2', 'ct-win-1'];

  beforeAll(async () => {
    lab = startLab('127.0.125.10', ['--linux', '2', '--windows', '1', '--backend', 'emulated', '--drift', 'default']);
    process.env[LAB_ENV] = lab.file.credentials.password;
    balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
    await writeProjectFile(lab.file.projectPath, withReq3Attested((await readProjectFile(lab.file.projectPath)).project));
  }, 240_000);
  afterAll(() => lab?.down(), 60_000);

  it('before the apply: the report is written, its verdict fails on the drift, exit 2', async () => {
    const out = join(dir, 'drift-before');
    const result = await capture(() => runReport(reportArgs(lab, out, ['--balancer-conf', balancerConf])));
    expect(result.code, result.stderr).toBe(2);
    const evidence = evidenceIn(out);
    expect(evidence.verdict.outcome).toBe('fail');
    expect(evidence.findings.filter((finding) => finding.status === 'drift').map((finding) => finding.instance)).not.toContain(
      'ct-linux-1',
    );
    expect(evidence.findings.some((finding) => finding.status === 'drift')).toBe(true);
    expect(result.stdout).toContain('Verdict: FAIL - NOT commissioned');
    expect(result.stdout).toMatch(/^ {2}- req\d \(.*\) on ct-(linux-2|win-1): differs from the reference/m);
    // The keys accepted by this run are now pinned in the project.
    expect((await readProjectFile(lab.file.projectPath)).project.hostKeys).toHaveLength(3);
  }, 120_000);

  it('an apply report without the plan it applied is refused before any host is contacted, naming --plan', async () => {
    const deps = runDeps(lab.file.credentials.password).deps;
    const planPath = join(dir, 'plan.json');
    plan = (await runPlanOnce(lab.file.projectPath, deps, { out: planPath, balancerConf })).plan;
    expect(plan.summary.changes).toBeGreaterThan(0);
    const apply = await runApplyOnce(planPath, deps, { readyDeadlineMs: 30_000, balancerConf });
    if (!apply.report) throw new Error('no apply report');
    applied = apply.report;
    expect(applied.instances.map((result) => result.outcome)).toEqual(['unchanged', 'applied', 'applied']);
    // Exactly what `ctha apply --json` prints, and what `apply.run` returns (with the plan).
    writeFileSync(join(dir, 'apply.json'), JSON.stringify(applied, null, 2));
    writeFileSync(join(dir, 'apply-run.json'), JSON.stringify({ report: applied, plan: apply.plan, pinned: [], projectSaved: false }));

    const out = join(dir, 'never');
    const result = await capture(() => runReport(reportArgs(lab, out, ['--apply-report', join(dir, 'apply.json')])));
    expect(result.code).toBeInstanceOf(Error);
    expect((result.code as Error).message).toMatch(
      new RegExp(
        `^${join(dir, 'apply.json')}: \\d+ changed file\\(s\\) \\(first: .* on ct-linux-2\\) need the plan that was applied, made ${plan.createdAt}, .*pass it with --plan FILE`,
      ),
    );
    expect(result.stderr).toBe('');
  }, 180_000);

  describe('after the apply', () => {
    let out: string;
    let evidence: Evidence;
    let stdout: string;

    beforeAll(async () => {
      out = join(dir, 'drift-after');
      const result = await capture(() =>
        runReport(
          reportArgs(lab, out, [
            '--apply-report',
            join(dir, 'apply.json'),
            '--plan',
            join(dir, 'plan.json'),
            '--balancer-conf',
            balancerConf,
          ]),
        ),
      );
      if (result.code !== 0) throw new Error(`exit ${String(result.code)}: ${result.stdout}${result.stderr}`);
      stdout = result.stdout;
      evidence = evidenceIn(out);
    }, 120_000);

    it('passes (exit 0), and the verdict is what computeVerdict says of the evidence', () => {
      expect(evidence.verdict).toEqual(computeVerdict(evidence));
      expect(evidence.verdict.outcome).toBe('pass');
      expect(stdout).toContain('Verdict: PASS - Commissioned');
      expect(stdout).toContain('Audit: consistent');
    });

    it('verifies with the built-in verifier', async () => {
      const verified = await verifyReport(out);
      expect(verified.failure).toBeUndefined();
      expect(verified.ok).toBe(true);
    });

    it(
      noOpenssl ? `verifies with openssl cms -verify (skipped: ${noOpenssl})` : 'verifies with openssl cms -verify, as VERIFY.txt says',
      () => {
        if (noOpenssl) return;
        const text = readFileSync(join(out, BUNDLE_FILES.verify), 'utf8');
        const commands = text
          .split('\n')
          .filter((line) => /^ {3}openssl /.test(line))
          .map((line) => line.trim());
        expect(commands).toHaveLength(3);
        const work = mkdtempSync(join(tmpdir(), 'ctha-report-run-openssl-'));
        for (const name of Object.values(BUNDLE_FILES)) writeFileSync(join(work, name), readFileSync(join(out, name)));
        const results = commands.map((command) => run('sh', ['-c', command], work));
        expect(results.map((result) => result.status)).toEqual([0, 0, 0]);
        expect(results[2]?.stderr).toContain('CMS Verification successful');
      },
    );

    it('holds every file the apply wrote with its digests before and after, its backup and its requirements', () => {
      const written = applied.instances.flatMap((result) =>
        result.files.filter((file) => file.status === 'written').map((file) => ({ instance: result.instance, file })),
      );
      expect(written.length).toBeGreaterThan(2);
      expect(evidence.changes).toHaveLength(written.length);
      for (const { instance, file } of written) {
        // A license key may be set aside and the reference's copied under the freed name: two changes of one path.
        const change = evidence.changes.find(
          (entry) => entry.instance === instance && entry.path === file.path && entry.kind === file.kind,
        );
        const planned = plan.instances
          .find((entry) => entry.name === instance)
          ?.changes.find((entry) => entry.path === file.path && entry.kind === file.kind);
        expect(change, `${instance}:${file.path}`).toMatchObject({
          outcome: 'applied',
          beforeSha256: file.beforeSha256,
          backupPath: file.backupPath ?? null,
          requirements: planned?.requirements,
        });
        expect(change?.afterSha256).toBe(file.kind === 'set-aside' ? null : planned?.afterSha256);
        if (file.beforeSha256 !== null && file.kind !== 'set-aside')
          expect(change?.backupPath).toMatch(/\.ctha-backup-\d{8}T\d{6}Z(-\d+)?$/);
      }
      expect(evidence.changes.some((change) => change.backupPath !== null)).toBe(true);
      expect(new Set(evidence.changes.map((change) => change.kind))).toEqual(new Set(written.map(({ file }) => file.kind)));
    });

    it('holds a passing probe of every instance on its discovered port, every requirement x instance finding, the pinned keys', async () => {
      expect(evidence.probes.map((probe) => [probe.instance, probe.target, probe.status])).toEqual(
        names.map((name) => [name, `${lab.instance(name).address}:9999`, 'pass']),
      );
      expect(stdout).toMatch(/PASS ct-win-1 [\d.]+:9999 \(InputSettings port\)/);
      expect(evidence.findings.map((finding) => `${finding.requirement}:${finding.instance}`).sort()).toEqual(
        REQUIREMENT_IDS.flatMap((id) => names.map((name) => `${id}:${name}`)).sort(),
      );
      expect(evidence.findings.filter((finding) => finding.status === 'drift')).toEqual([]);
      expect(evidence.findings.filter((finding) => finding.requirement === 'req3').map((finding) => finding.status)).toEqual([
        'attested',
        'attested',
        'attested',
      ]);
      const project = await readProjectFile(lab.file.projectPath);
      expect(evidence.hostKeys).toEqual(project.project.hostKeys);
      expect(evidence.hostKeys.map((key) => key.host).sort()).toEqual(names.map((name) => lab.instance(name).address).sort());
      expect(evidence.cluster.projectSha256).toBe(project.sha256);
      expect(evidence.attestations).toHaveLength(3);
      expect(evidence.prechecks.length).toBeGreaterThan(3);
      expect(evidence.transcript.some((entry) => entry.op === 'connect')).toBe(true);
    });

    it('contains no lab password, passphrase or key material in any file, compressed PDF streams included', () => {
      const keyLines = [keyPem, readFileSync(lab.file.credentials.privateKeyPath, 'utf8')].flatMap((pem) =>
        pem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----')),
      );
      expect(keyLines.length).toBeGreaterThan(10);
      const streams = inflatedStreams(readFileSync(join(out, BUNDLE_FILES.pdf)));
      expect(streams.text).toContain('"evidenceFormatVersion": 1');
      for (const name of Object.values(BUNDLE_FILES)) {
        const bytes = readFileSync(join(out, name));
        for (const text of [bytes.toString('latin1'), bytes.toString('utf8'), ...(name === BUNDLE_FILES.pdf ? [streams.text] : [])]) {
          for (const secret of [lab.file.credentials.password, PASS, ...keyLines])
            expect(text.includes(secret), `${name} contains a secret`).toBe(false);
          expect(text).not.toMatch(/PRIVATE KEY-----/);
        }
      }
    });

    it('takes the apply report wrapped with its plan (as apply.run returns it), printing JSON', async () => {
      const wrapped = join(dir, 'drift-after-wrapped');
      const result = await capture(() =>
        runReport(reportArgs(lab, wrapped, ['--apply-report', join(dir, 'apply-run.json'), '--balancer-conf', balancerConf, '--json'])),
      );
      expect(result.code, result.stderr).toBe(0);
      const printed = JSON.parse(result.stdout) as {
        outDir: string;
        verdict: { outcome: string };
        endpoints: { source: string }[];
        pinned: unknown[];
      };
      expect(printed).toMatchObject({ outDir: wrapped, verdict: { outcome: 'pass' }, pinned: [] });
      expect(printed.endpoints.map((endpoint) => endpoint.source)).toEqual(['discovered', 'discovered', 'discovered']);
      expect(evidenceIn(wrapped).changes).toEqual(evidence.changes);
    }, 120_000);
  });
});

describe('ctha report <cluster> on a clean lab with requirement 3 attested', () => {
  let lab: TestLab;

  beforeAll(async () => {
    lab = startLab('127.0.126.10', ['--linux', '1', '--windows', '1', '--backend', 'emulated']);
    process.env[LAB_ENV] = lab.file.credentials.password;
    await writeProjectFile(lab.file.projectPath, withReq3Attested((await readProjectFile(lab.file.projectPath)).project));
  }, 240_000);
  afterAll(() => lab?.down(), 60_000);

  it('with kl_balancer.conf every finding is settled: pass, exit 0, signed with the product identity', async () => {
    const out = join(dir, 'clean-pass');
    const balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
    const args = reportArgs(lab, out, ['--balancer-conf', balancerConf]).filter(
      (arg, index, all) => arg !== '--p12' && all[index - 1] !== '--p12',
    );
    const result = await capture(() => runReport([...args, '--identity', 'product']));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain('Created a signing identity for "Jane Engineer"');
    const evidence = evidenceIn(out);
    expect(evidence.verdict).toEqual(computeVerdict(evidence));
    expect(evidence.verdict.outcome).toBe('pass');
    expect(evidence.findings.map((finding) => finding.status).sort()).toEqual([...Array(16).fill('match'), 'attested', 'attested'].sort());
    expect((await verifyReport(out)).ok).toBe(true);
  }, 120_000);

  it('without kl_balancer.conf the alerts item is unknown: incomplete, exit 2, the bundle still written and valid', async () => {
    const out = join(dir, 'clean-incomplete');
    const result = await capture(() => runReport(reportArgs(lab, out)));
    expect(result.code, result.stderr).toBe(2);
    const evidence = evidenceIn(out);
    expect(evidence.verdict).toEqual(computeVerdict(evidence));
    expect(evidence.verdict.outcome).toBe('incomplete');
    expect(evidence.verdict.reasons.every((reason) => reason.startsWith('alerts '))).toBe(true);
    expect(evidence.verdict.reasons).toHaveLength(2);
    expect(result.stdout).toContain('Verdict: INCOMPLETE');
    expect((await verifyReport(out)).ok).toBe(true);
  }, 120_000);

  it("an unreachable probe port fails the report (exit 2) with the probe's reason", async () => {
    const out = join(dir, 'clean-probe-fail');
    const conf = lab.local('ct-linux-1', '/opt/kaspersky/ktfs/etc/kl_feed_service.conf');
    const original = readFileSync(conf);
    // The audit now reads a port nothing listens on; the running service keeps 9999.
    writeFileSync(
      conf,
      original
        .toString('utf8')
        .replace('<ConnectionString>0.0.0.0:9999</ConnectionString>', '<ConnectionString>0.0.0.0:9</ConnectionString>'),
    );
    try {
      const result = await capture(() => runReport([...reportArgs(lab, out), '--deadline-ms', '2000']));
      expect(result.code, result.stderr).toBe(2);
      const evidence = evidenceIn(out);
      expect(evidence.probes.find((probe) => probe.instance === 'ct-linux-1')).toMatchObject({
        target: `${lab.instance('ct-linux-1').address}:9`,
        status: 'fail',
      });
      expect(evidence.verdict.outcome).toBe('fail');
      expect(evidence.verdict.reasons.some((reason) => reason.startsWith('probe on ct-linux-1 failed: refused'))).toBe(true);
      expect(result.stdout).toMatch(/FAIL ct-linux-1 [\d.]+:9 \(InputSettings port\): refused/);
    } finally {
      writeFileSync(conf, original);
    }
  }, 120_000);
});

describe('ctha report <cluster>: command-line errors, refused before any host is contacted', () => {
  const project = join(dir, 'nowhere.ctha.json');
  const message = async (args: string[]): Promise<string> => {
    const result = await capture(() => runReport(args));
    expect(result.code).toBeInstanceOf(Error);
    return (result.code as Error).message;
  };

  it('names what is missing or wrong', async () => {
    const base = [project, '--engineer', 'Jane Engineer', '--out', join(dir, 'never-1')];
    expect(await message([project, '--out', 'x', '--identity', 'create'])).toBe(
      'report needs --engineer NAME: the report names who ran the commissioning and signs it',
    );
    expect(await message([project, '--engineer', '  ', '--out', 'x', '--identity', 'create'])).toBe(
      'report needs --engineer NAME: the report names who ran the commissioning and signs it',
    );
    expect(await message([project, '--engineer', 'J', '--identity', 'create'])).toBe(
      'report needs --out DIR (a new or empty folder for the bundle)',
    );
    expect(await message(base)).toBe('report needs exactly one of --p12 FILE or --identity create');
    expect(await message([...base, '--identity', 'mine'])).toBe(
      '--identity takes "create" (the product\'s own certificate, created on first use), not "mine"',
    );
    expect(await message([...base, '--identity', 'create', '--port', '0'])).toBe('--port expects an integer 1-65535, got "0"');
    expect(await message([...base, '--identity', 'create', '--indicator', ' '])).toBe(
      '--indicator expects one non-empty value on one line',
    );
    expect(await message([...base, '--identity', 'create', '--password-env', 'CTHA_RR_UNSET'])).toBe(
      '--password-env CTHA_RR_UNSET: the environment variable CTHA_RR_UNSET is not set',
    );
    expect(await message([project, 'other.ctha.json', '--engineer', 'J', '--out', 'x', '--identity', 'create'])).toMatch(
      /^report takes exactly one project file/,
    );
    expect(await message(['sign'])).toBe('unknown report subcommand "sign"');
  });

  it('refuses a used output folder, a missing project, and apply reports that are not, or of another project', async () => {
    const used = join(dir, 'used');
    mkdirSync(used, { recursive: true });
    writeFileSync(join(used, 'x'), 'x');
    expect(await message([project, '--engineer', 'J', '--out', used, '--identity', 'create'])).toBe(
      `${used} already exists and is not empty; a report bundle is never written over another`,
    );
    expect(await message([project, '--engineer', 'J', '--out', join(dir, 'never-2'), '--identity', 'create'])).toMatch(
      /nowhere\.ctha\.json/,
    );

    const real = join(dir, 'real.ctha.json');
    await writeProjectFile(real, {
      schemaVersion: 1,
      name: 'Real cluster',
      referenceInstance: 'a',
      instances: [{ name: 'a', host: '127.0.128.10', port: 22, os: 'linux', user: 'u', auth: { method: 'agent' }, privilege: 'root' }],
    });
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, 'apply: yes');
    expect(
      await message([real, '--engineer', 'J', '--out', join(dir, 'never-3'), '--identity', 'create', '--apply-report', notJson]),
    ).toMatch(/not\.json is not JSON/);
    const notReport = join(dir, 'not-report.json');
    writeFileSync(notReport, JSON.stringify({ report: { instances: 'none' } }));
    expect(
      await message([real, '--engineer', 'J', '--out', join(dir, 'never-3'), '--identity', 'create', '--apply-report', notReport]),
    ).toMatch(/not-report\.json is not an apply report \(the JSON of ctha apply --json, or \{"report": \.\.\.\}\):\n/);
    const other = join(dir, 'other-apply.json');
    writeFileSync(
      other,
      JSON.stringify({
        project: { name: 'Another cluster', path: '/x.ctha.json' },
        planCreatedAt: '2025-01-01T00:00:00.000Z',
        planSource: 'saved',
        mode: 'parallel',
        startedAt: '2025-01-01T00:00:00.000Z',
        durationMs: 1,
        changed: false,
        instances: [],
        summary: Object.fromEntries(INSTANCE_OUTCOMES.map((outcome) => [outcome, 0])),
        journal: { path: '/j', pending: [] },
      }),
    );
    expect(await message([real, '--engineer', 'J', '--out', join(dir, 'never-3'), '--identity', 'create', '--apply-report', other])).toBe(
      `${other} is an apply report of project "Another cluster", not of "Real cluster"`,
    );
  });
});
