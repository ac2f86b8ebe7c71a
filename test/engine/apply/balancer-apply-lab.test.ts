// The Balancer's fixes wired into plan and apply (issue 14 item 3) on one emulated lab seeded with every
// Balancer preset: the audit shows the drift, `plan` lists it (a stale stored certificate only when asked
// for), a hand-edited Balancer change is refused before any host is touched, a Balancer that does not answer
// on matching_port is rolled back, and with the lab's Balancer answering the apply fixes every file and the
// re-audit is clean. The lab's Balancer listens on matching_port while its unit is active; its host has the
// fault balancer-refuses-start, whose one refusal (the first start with changed files) the rollback case
// meets. Addresses: 127.0.248.10-12.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyExitCode } from '../../../cli/commands/apply.js';
import { planExitCode } from '../../../cli/commands/plan.js';
import { balancerApplyLines } from '../../../engine/steps/apply/apply-text.js';
import { tcpAnswers } from '../../../engine/steps/apply/balancer-apply.js';
import { balancerJournalPathFor } from '../../../engine/steps/apply/balancer-journal.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { parsePlan, readPlanFile } from '../../../engine/steps/plan/plan-file.js';
import { planText } from '../../../engine/steps/plan/plan-text.js';
import { runPlanOnce } from '../../../engine/steps/plan/run-plan.js';
import { readBalancerUnit } from '../../../lab/trees/balancer-service-state.js';
import { planSummary } from '../../../shared/plan/group-diffs.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import type { Project } from '../../../shared/project/schema.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { auditBalancer, balancerFolderDigests, expectBalancerApplied, labBalancerHost, startBalancerLab } from '../audit/balancer-lab.js';
import { runDeps } from '../audit/run-deps.js';

let lab: AuditLab;
let project: Project;
let projectPath: string;

beforeAll(async () => {
  ({ lab, project, projectPath } = await startBalancerLab(
    {
      linux: 2,
      windows: 1,
      backend: 'emulated',
      version: '5.1',
      drift: ['balancer-license', 'balancer-cert-stale', 'balancer-missing-instance'],
      addressBase: '127.0.248.10',
      faults: [{ instance: 'ct-linux-1', kind: 'balancer-refuses-start' }],
    },
    'balancer-fix.ctha.json',
  ));
}, 120_000);
afterAll(async () => lab.stop(), 60_000);

const deps = () => runDeps(lab.password).deps;
const endpoint = () => ({ host: lab.lab.file.balancer.address, port: lab.lab.file.balancer.matchingPort });
const balancerHost = () => labBalancerHost(lab);
/** Every file below the Balancer folder on the lab host, with its digest: any write, backup or temp file changes it. */
const balancerFolder = (plan: PlanDocument) => balancerFolderDigests(balancerHost(), plan);
/** The Balancer checks of a fresh audit of the project. */
const checks = () => auditBalancer(project, lab.password);

const rel = (plan: PlanDocument): string[][] =>
  (plan.balancer?.changes ?? []).map((change) => [change.kind, change.relativePath, String(change.sensitive !== undefined)]);

let withCerts: PlanDocument;
let withCertsPath: string;

describe('the Balancer in plan and apply', () => {
  it('the audit shows the drift; plan lists the listing and licence fixes and holds the stale certificate back without the option', async () => {
    const before = await checks();
    expect([before.listing.state, before.license.state, before.storedCerts.state]).toEqual(['drift', 'drift', 'drift']);
    const { plan } = await runPlanOnce(projectPath, deps(), { reviewWindowMs: 1_000 });
    const stale = `${lab.lab.file.hosts[1]?.instance.address ?? '?'}_9999.pem`;
    expect(rel(plan)).toEqual([
      ['listing', 'bin/kl_balancer.conf', 'false'],
      ['license', 'balancer_lic/LAB00001.key', 'true'],
      ['license-set-aside', 'balancer_lic/LAB00002.key', 'true'],
    ]);
    expect(plan.balancer?.replaceStaleCerts).toBe(false);
    expect(plan.balancer?.problems.find((problem) => problem.includes(`${stale} is stale`))).toMatch(/--replace-stale-balancer-certs/);
    expect(plan.balancer?.endpoint).toEqual(endpoint());
    expect(plan.summary.balancerChanges).toBe(3);
    expect(plan.summary.changes).toBe(0);
    expect(planExitCode(plan)).toBe(2);
    // The listing's diff is derived from the bytes: one added line, the missing instance.
    const missing = lab.lab.file.hosts[2]?.instance.address ?? '?';
    const diff = plan.balancer?.changes[0]?.unifiedDiff ?? '';
    expect(diff.split('\n').filter((line) => /^[-+][^-+]/.test(line))).toEqual([
      `+    <Instance matching_port="9999">${missing}</Instance>`,
    ]);
    const text = planText(plan).join('\n');
    expect(text).toContain(`== Balancer ${project.balancer?.host ?? '?'}`);
    expect(text).toMatch(/stop Balancer, back up and write these 3 file\(s\), start it, check it answers on 127\.0\.248\.\d+:\d+/);
    expect(text).toMatch(/licence key created: LAB00001\.key, \d+ bytes, sha256 [0-9a-f]{64}/);
    expect(text).toContain('3 Balancer file change(s)');
  }, 120_000);

  it('with --replace-stale-balancer-certs the stale stored certificate is planned; the saved file holds no key or certificate bytes', async () => {
    withCertsPath = join(lab.dir, 'balancer-plan.json');
    await runPlanOnce(projectPath, deps(), { reviewWindowMs: 1_000, replaceStaleBalancerCerts: true, out: withCertsPath });
    withCerts = await readPlanFile(withCertsPath);
    expect(rel(withCerts).map(([kind]) => kind)).toEqual(['listing', 'license', 'license-set-aside', 'stored-cert']);
    const cert = withCerts.balancer?.changes[3];
    expect(cert?.needsConfirmation).toBe(true);
    expect(cert?.sensitive?.subject).toBeDefined();
    const text = readFileSync(withCertsPath, 'utf8');
    // Only kl_balancer.conf's bytes are stored: the key and the certificate are size and digest (apply takes them live).
    expect(text.match(/"afterBase64"/g)).toHaveLength(1);
    expect(text).not.toContain('BEGIN CERTIFICATE');
    expect(withCerts.balancer?.changes.map((change) => change.afterBase64 === '')).toEqual([false, true, true, true]);
    expect((statSync(withCertsPath).mode & 0o777).toString(8)).toBe('600');
  }, 120_000);

  it('a hand-edited plan whose Balancer change points outside the Balancer folder is refused before any host is touched', async () => {
    const before = balancerFolder(withCerts);
    const evil = structuredClone(withCerts);
    const change = evil.balancer?.changes[0];
    if (change === undefined || evil.balancer === undefined) throw new Error('no listing change');
    Object.assign(change, { path: '/etc/cron.d/kl_balancer.conf', relativePath: '/etc/cron.d/kl_balancer.conf' });
    evil.summary = planSummary(evil.instances, evil.balancer);
    const path = join(lab.dir, 'evil-plan.json');
    writeFileSync(path, JSON.stringify(evil, null, 2));
    let asked = 0;
    const error = await runApplyOnce(path, deps(), {
      reviewWindowMs: 1_000,
      confirm: () => ((asked += 1), Promise.resolve(true)),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /Balancer: changes\[0\] \(\/etc\/cron\.d\/kl_balancer\.conf\) field path may not be written: .*outside the Balancer folder/,
    );
    expect(asked).toBe(0);
    expect(balancerFolder(withCerts)).toEqual(before);
    // A set-aside sent elsewhere, and a licence key with bytes in the file: refused the same way, without a host.
    const moved = structuredClone(withCerts);
    Object.assign(moved.balancer?.changes[2] ?? {}, { newPath: '/tmp/LAB00002.key' });
    expect(() => parsePlan(moved, 'moved')).toThrow(/changes\[2\].*field newPath may not be written/);
    const leaked = structuredClone(withCerts);
    Object.assign(leaked.balancer?.changes[1] ?? {}, { afterBase64: 'AAAA' });
    expect(() => parsePlan(leaked, 'leaked')).toThrow(/changes\[1\].*afterBase64: a sensitive file's bytes are never stored/);
    const lying = structuredClone(withCerts);
    lying.summary = { ...lying.summary, balancerChanges: 0 };
    expect(() => parsePlan(lying, 'lying')).toThrow(/field summary\.balancerChanges is 0, but the changes give 4/);
    // A plan made before the Balancer section still reads.
    const old = structuredClone(withCerts);
    delete old.balancer;
    delete old.summary.balancerChanges;
    expect(parsePlan(old, 'old').balancer).toBeUndefined();
  }, 120_000);

  it('a Balancer change whose digest differs from the live re-derivation refuses the whole apply before any write', async () => {
    const before = balancerFolder(withCerts);
    const other = structuredClone(withCerts);
    const cert = other.balancer?.changes[3];
    if (cert?.sensitive === undefined) throw new Error('no stored-cert change');
    const fake = 'f'.repeat(64);
    Object.assign(cert, { afterSha256: fake, sensitive: { ...cert.sensitive, sha256: fake } });
    const path = join(lab.dir, 'other-plan.json');
    writeFileSync(path, JSON.stringify(other, null, 2));
    let asked = 0;
    const error = await runApplyOnce(path, deps(), { reviewWindowMs: 1_000, confirm: () => ((asked += 1), Promise.resolve(true)) }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toMatch(
      /Balancer: field changes\[3\]\.afterSha256: the plan says "f{64}", re-derived from the live hosts "[0-9a-f]{64}"/,
    );
    expect(asked).toBe(0);
    expect(balancerFolder(withCerts)).toEqual(before);
  }, 120_000);

  it('a Balancer that does not answer on matching_port after its start is rolled back: files as before, Balancer running, still drift', async () => {
    const before = Object.entries(balancerFolder(withCerts)).filter(([name]) => !name.includes('.ctha-backup-'));
    const run = await runApplyOnce(withCertsPath, deps(), { reviewWindowMs: 1_000, readyDeadlineMs: 20_000 });
    const balancer = run.report?.balancer;
    expect(run.report?.instances.map((instance) => instance.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(balancer?.outcome).toBe('rolled-back');
    expect(balancer?.message).toMatch(/does not answer on 127\.0\.248\.\d+:\d+; every file was put back; Balancer started again/);
    expect(balancer?.files.map((file) => file.status)).toEqual(['restored', 'restored', 'restored', 'restored']);
    expect(balancer?.steps[0]).toMatch(/^stop: systemctl stop cybertrace_balancer\.service: exit 0/);
    expect(applyExitCode(run.report ?? ({} as never))).toBe(2);
    expect(balancerApplyLines(balancer ?? ({} as never))[0]).toMatch(/^ROLLED BACK +Balancer /);
    expect(await readBalancerUnit(balancerHost())).toBe('active');
    // With its files as installed again, the rollback's start brought the Balancer back on matching_port.
    expect(await tcpAnswers(endpoint().host, endpoint().port)).toBe(true);
    // Every original file has its bytes again (backups are kept beside them, never deleted).
    const after = Object.fromEntries(Object.entries(balancerFolder(withCerts)).filter(([name]) => !name.includes('.ctha-backup-')));
    expect(after).toEqual(Object.fromEntries(before));
    expect(existsSync(balancerJournalPathFor(projectPath))).toBe(false);
    const again = await checks();
    expect([again.listing.state, again.license.state, again.storedCerts.state]).toEqual(['drift', 'drift', 'drift']);
  }, 180_000);

  it('applied after the instances with Balancer stopped and started: stored certificate, licence and listing now equal; re-audit clean; a new plan is empty', async () => {
    const run = await runApplyOnce(withCertsPath, deps(), { reviewWindowMs: 1_000, readyDeadlineMs: 20_000 });
    const balancer = run.report?.balancer;
    expectBalancerApplied(balancer, endpoint().host);
    expect(run.report?.changed).toBe(true);
    expect(applyExitCode(run.report ?? ({} as never))).toBe(0);
    expect(existsSync(balancerJournalPathFor(projectPath))).toBe(false);
    const after = await checks();
    expect([after.listing.state, after.license.state, after.storedCerts.state, after.service.state, after.verdict]).toEqual([
      'match',
      'match',
      'match',
      'match',
      'consistent',
    ]);
    const { plan } = await runPlanOnce(projectPath, deps(), { reviewWindowMs: 1_000, replaceStaleBalancerCerts: true });
    expect(plan.balancer?.changes).toEqual([]);
    expect(planExitCode(plan)).toBe(0);
    // The same saved plan applied again writes nothing on the Balancer (it already holds the planned state).
    const twice = await runApplyOnce(withCertsPath, deps(), { reviewWindowMs: 1_000, readyDeadlineMs: 20_000 });
    expect(twice.report?.balancer?.outcome).toBe('nothing');
    expect(twice.plan.balancer?.problems.join('\n')).toMatch(/the plan's 4 Balancer change\(s\) are no longer needed/);
    expect(twice.report?.changed).toBe(false);
  }, 180_000);

  it('an unfinished Balancer step recorded for another host, or a damaged record, refuses the apply naming its files', async () => {
    const journal = balancerJournalPathFor(projectPath);
    const file = {
      path: '/opt/b/bin/kl_balancer.conf',
      kind: 'edit',
      beforeSha256: 'a'.repeat(64),
      afterSha256: 'b'.repeat(64),
      status: 'written',
      original: 'backup',
      backupPath: '/opt/b/bin/kl_balancer.conf.ctha-backup-1',
    };
    writeFileSync(journal, JSON.stringify({ host: 'elsewhere.example', files: [file] }));
    let asked = 0;
    const confirm = () => ((asked += 1), Promise.resolve(true));
    const error = await runApplyOnce(projectPath, deps(), { reviewWindowMs: 1_000, confirm }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(
      /Balancer step did not finish .* on elsewhere\.example: \/opt\/b\/bin\/kl_balancer\.conf \(written, backup \/opt\/b\/bin\/kl_balancer\.conf\.ctha-backup-1\).*cannot be undone in this run/,
    );
    writeFileSync(journal, '{ "host": ');
    const damaged = await runApplyOnce(projectPath, deps(), { reviewWindowMs: 1_000, confirm }).catch((caught: unknown) => caught);
    expect((damaged as Error).message).toMatch(/is damaged and may list backups/);
    expect(asked).toBe(0);
    expect(existsSync(journal)).toBe(true);
    rmSync(journal);
  }, 60_000);
});
