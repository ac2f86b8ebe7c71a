// The apply machinery on both lab backends, with hand-made plans (the fixers are tested on their own):
// safe writes with backups, restart and PONG, rollback on a refused start, stale plans, the journal and
// its resume, new files and set-asides, and rolling (the default) against --parallel. Addresses: 127.0.95.10-15 (emulated), 127.0.96.10-15 (OpenSSH).
import { existsSync, readFileSync, readdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../../engine/steps/apply/apply-plan.js';
import { SimulatedInterruption } from '../../../engine/steps/apply/apply-types.js';
import type { ApplyOptions } from '../../../engine/steps/apply/apply-types.js';
import { resumePending } from '../../../engine/steps/apply/resume-pending.js';
import { ApplyJournal, journalPathFor } from '../../../engine/steps/journal/apply-journal.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { runPlanOnce } from '../../../engine/steps/plan/run-plan.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import { runDeps } from '../audit/run-deps.js';
import { sha256Hex } from '../../../engine/hosts/dialect/index.js';
import { pingReplyBack } from '../../../engine/probe/replyback-ping.js';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import type { ApplyReport } from '../../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import type { HandEdit } from './lab-fixture.js';
import type { TestLab } from '../../support/lab.js';
import { handPlan, openLabRun, replaceOnce } from './lab-fixture.js';
import { startLab } from '../../support/lab.js';

const backends = [
  { backend: 'emulated', addressBase: '127.0.95.10', skip: undefined },
  { backend: 'openssh', addressBase: '127.0.96.10', skip: opensshUnavailableReason() },
] as const;

const OPTIONS: ApplyOptions = { readyDeadlineMs: 20_000 };
const FROM = '<RecordFieldContextFormat>%ParamName%=%ParamValue%</RecordFieldContextFormat>';
const TO = '<RecordFieldContextFormat>%ParamName%: %ParamValue%</RecordFieldContextFormat>';
const serviceConfEdit = (instance: string, from = FROM, to = TO): HandEdit => ({
  instance,
  path: (files) => files.serviceConf,
  edit: replaceOnce(from, to),
  restart: true,
});

function outcome(report: ApplyReport, instance: string): ApplyReport['instances'][number] {
  const found = report.instances.find((result) => result.instance === instance);
  if (!found) throw new Error(`no result for ${instance}`);
  return found;
}

function change(plan: PlanDocument, instance: string, index = 0): PlanDocument['instances'][number]['changes'][number] {
  const found = plan.instances.find((planned) => planned.name === instance)?.changes[index];
  if (!found) throw new Error(`no change ${index} for ${instance}`);
  return found;
}

async function apply(
  lab: TestLab,
  edits: readonly HandEdit[],
  options: ApplyOptions = OPTIONS,
  tamper?: (plan: PlanDocument) => void,
): Promise<{ plan: PlanDocument; report: ApplyReport; journal: ApplyJournal }> {
  const run = await openLabRun(lab);
  try {
    const plan = await handPlan(run, lab, edits);
    tamper?.(plan);
    const journal = await ApplyJournal.open(lab.file.projectPath);
    const report = await applyPlan({ run, plan, planSource: 'saved', journal, options });
    return { plan, report, journal };
  } finally {
    await run.close();
  }
}

async function answers(lab: TestLab, instance: string): Promise<boolean> {
  const address = lab.instance(instance).address;
  for (let attempt = 0; attempt < 40; attempt++) {
    if ((await pingReplyBack(address, 9999, 1_000)).ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

for (const { backend, addressBase, skip } of backends) {
  const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

  describe.skipIf(skip !== undefined)(`apply machinery on the ${backend} backend`, () => {
    let lab: TestLab;
    beforeAll(() => {
      lab = startLab(addressBase, [
        '--linux',
        '3',
        '--windows',
        '2',
        '--backend',
        backend,
        '--version',
        '4.4',
        '--drift',
        'none',
        '--fault',
        'ct-linux-3:refuse-start',
        '--fault',
        'ct-win-2:refuse-start',
      ]);
    }, 240_000);
    afterAll(() => lab?.down(), 60_000);

    it(
      title('writes each planned file exactly, keeps a verified backup, restarts and waits for PONG; a second apply changes nothing'),
      async () => {
        const { plan, report, journal } = await apply(lab, [serviceConfEdit('ct-linux-1'), serviceConfEdit('ct-win-1')]);
        for (const name of ['ct-linux-1', 'ct-win-1']) {
          const result = outcome(report, name);
          expect(result.outcome, result.message).toBe('applied');
          expect(result.restarted).toBe(true);
          expect(result.readiness?.ok).toBe(true);
          const planned = change(plan, name);
          const local = readFileSync(lab.local(name, planned.path));
          expect(local.equals(Buffer.from(planned.afterBase64, 'base64'))).toBe(true);
          const file = result.files[0];
          expect(file?.status).toBe('written');
          expect(file?.backupPath).toMatch(/kl_feed_service\.conf\.ctha-backup-\d{8}T\d{6}Z/);
          const backup = readFileSync(lab.local(name, file?.backupPath ?? ''));
          expect(sha256Hex(backup)).toBe(planned.beforeSha256);
          // Only the intended region changed: the new bytes are the old ones with one substring replaced.
          expect(local.equals(replaceOnce(FROM, TO)(backup))).toBe(true);
          expect(result.steps.map((step) => step.step)).toEqual([
            'path-policy',
            'stale-check',
            'service',
            'stop',
            'write',
            'start',
            'ready',
            'verify',
          ]);
          expect(await answers(lab, name)).toBe(true);
        }
        // The Windows file keeps its CRLF line endings byte for byte.
        const windowsBytes = readFileSync(lab.local('ct-win-1', change(plan, 'ct-win-1').path)).toString('latin1');
        expect(windowsBytes).toContain(`${TO}\r\n`);
        expect(
          windowsBytes
            .split('\n')
            .slice(0, -1)
            .every((line) => line.endsWith('\r')),
        ).toBe(true);
        expect(outcome(report, 'ct-linux-2').outcome).toBe('unchanged');
        expect(report.changed).toBe(true);
        expect(existsSync(journal.path)).toBe(false);
        expect(JSON.parse(JSON.stringify(report))).toEqual(report);

        // The same saved plan again: the hosts already hold its bytes.
        const run = await openLabRun(lab);
        try {
          const again = await applyPlan({
            run,
            plan,
            planSource: 'saved',
            journal: await ApplyJournal.open(lab.file.projectPath),
            options: OPTIONS,
          });
          expect(again.changed).toBe(false);
          expect(outcome(again, 'ct-linux-1').outcome).toBe('unchanged');
          expect(outcome(again, 'ct-linux-1').message).toContain('already holds the planned bytes');
          expect(outcome(again, 'ct-win-1').steps.map((step) => step.step)).toEqual(['path-policy', 'stale-check']);
        } finally {
          await run.close();
        }
      },
      120_000,
    );

    it(
      title('a service that refuses to start is rolled back: original bytes, service answering, the report says so'),
      async () => {
        const path = lab.local('ct-linux-3', '/opt/kaspersky/ktfs/etc/kl_feed_service.conf');
        const original = readFileSync(path);
        const { report, journal } = await apply(lab, [serviceConfEdit('ct-linux-3')]);
        const result = outcome(report, 'ct-linux-3');
        expect(result.outcome, result.message).toBe('rolled-back');
        expect(['start', 'ready'], result.message).toContain(result.failure?.step);
        expect(result.message).toMatch(
          /Rolled back: 1 written file\(s\) restored and confirmed original; the service was started again and answers PONG/s,
        );
        expect(readFileSync(path).equals(original)).toBe(true);
        expect(result.files[0]?.status).toBe('restored');
        const backup = result.files[0]?.backupPath ?? '';
        expect(readFileSync(lab.local('ct-linux-3', backup)).equals(original)).toBe(true);
        expect(result.steps.map((step) => step.step)).toEqual(
          expect.arrayContaining(['restore', 'restart', 'ready-after-rollback', 'confirm-original']),
        );
        expect(await answers(lab, 'ct-linux-3')).toBe(true);
        expect(existsSync(journal.path)).toBe(false);
      },
      120_000,
    );

    it(
      title('a file changed after planning refuses its instance untouched, naming the file'),
      async () => {
        const path = lab.local('ct-linux-2', '/opt/kaspersky/ktfs/etc/kl_feed_service.conf');
        const { report } = await apply(lab, [serviceConfEdit('ct-linux-2')], OPTIONS, () => {
          writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from('<!-- someone was here -->\n')]));
        });
        const changed = readFileSync(path);
        const result = outcome(report, 'ct-linux-2');
        expect(result.outcome, result.message).toBe('refused');
        expect(result.message).toContain('stale plan: /opt/kaspersky/ktfs/etc/kl_feed_service.conf changed since the plan was made');
        expect(result.steps.map((step) => step.step)).toEqual(['path-policy', 'stale-check']);
        expect(readFileSync(path).equals(changed)).toBe(true);
        expect(readdirSync(dirname(path)).filter((name) => name.includes('ctha-backup'))).toEqual([]);
        // Put the file back for the next tests.
        writeFileSync(path, changed.subarray(0, changed.length - '<!-- someone was here -->\n'.length));
      },
      60_000,
    );

    it(
      title('a change whose path is a link out of the service folder is refused at the path-policy step, before any write'),
      async () => {
        const outside = lab.local('ct-linux-2', '/opt/zz-outside.conf');
        writeFileSync(outside, 'outside the service folder\n');
        const link = '/opt/kaspersky/ktfs/etc/zz-link.conf';
        symlinkSync('/opt/zz-outside.conf', lab.local('ct-linux-2', link));
        try {
          const { report } = await apply(lab, [serviceConfEdit('ct-linux-2')], OPTIONS, (plan) => {
            const planned = plan.instances.find((instance) => instance.name === 'ct-linux-2');
            const first = planned?.changes[0];
            if (!planned || !first) throw new Error('no change to tamper with');
            planned.changes = [{ ...first, path: link, relativePath: 'etc/zz-link.conf' }];
          });
          const result = outcome(report, 'ct-linux-2');
          expect(result.outcome, result.message).toBe('refused');
          expect(result.failure?.step).toBe('path-policy');
          expect(result.message).toMatch(/zz-link\.conf resolves to \/opt\/zz-outside\.conf on the host, outside the service folder/);
          expect(result.steps.map((step) => step.step)).toEqual(['path-policy']);
          expect(readFileSync(outside, 'utf8')).toBe('outside the service folder\n');
        } finally {
          unlinkSync(lab.local('ct-linux-2', link));
          unlinkSync(outside);
        }
      },
      60_000,
    );

    it(
      title('a run killed after the writes leaves a journal; the next run does the pending restart'),
      async () => {
        const interrupt: ApplyOptions = {
          ...OPTIONS,
          hooks: {
            beforeStep: (_instance, step) => {
              if (step === 'start') throw new SimulatedInterruption('killed');
            },
          },
        };
        const { plan, report, journal } = await apply(lab, [serviceConfEdit('ct-linux-2')], interrupt);
        expect(outcome(report, 'ct-linux-2').outcome, outcome(report, 'ct-linux-2').message).toBe('interrupted');
        expect(report.journal.pending).toEqual(['ct-linux-2']);
        const stored = JSON.parse(readFileSync(journal.path, 'utf8')) as {
          entries: { instance: string; state: string; files: { status: string; backupPath?: string }[] }[];
        };
        expect(stored.entries[0]?.state).toBe('starting');
        expect(stored.entries[0]?.files[0]?.status).toBe('written');
        expect(stored.entries[0]?.files[0]?.backupPath).toMatch(/ctha-backup/);
        expect((await pingReplyBack(lab.instance('ct-linux-2').address, 9999, 1_000)).ok).toBe(false);

        const run = await openLabRun(lab);
        try {
          const resumed = await resumePending(run, await ApplyJournal.open(lab.file.projectPath), OPTIONS);
          const result = resumed.get('ct-linux-2');
          expect(result?.outcome, result?.message).toBe('completed');
          expect(result?.steps.map((step) => step.step)).toEqual(['resume', 'service', 'start', 'ready', 'cleanup']);
        } finally {
          await run.close();
        }
        expect(existsSync(journal.path)).toBe(false);
        expect(await answers(lab, 'ct-linux-2')).toBe(true);
        expect(
          readFileSync(lab.local('ct-linux-2', change(plan, 'ct-linux-2').path)).equals(
            Buffer.from(change(plan, 'ct-linux-2').afterBase64, 'base64'),
          ),
        ).toBe(true);
      },
      120_000,
    );

    it(
      title('a run killed between two writes is undone by the next run: original bytes, service answering'),
      async () => {
        const conf = lab.local('ct-linux-2', '/opt/kaspersky/ktfs/etc/kl_feed_service.conf');
        const util = lab.local('ct-linux-2', '/opt/kaspersky/ktfs/etc/kl_feed_util.conf');
        const before = [readFileSync(conf), readFileSync(util)];
        const utilEdit: HandEdit = {
          instance: 'ct-linux-2',
          path: (files) => files.feedUtilConf,
          edit: (old) => Buffer.concat([old, Buffer.from('<!-- x -->\n')]),
          restart: true,
        };
        let writes = 0;
        const interrupt: ApplyOptions = {
          ...OPTIONS,
          hooks: {
            beforeStep: (_instance, step) => {
              if (step === 'write' && ++writes === 2) throw new SimulatedInterruption('killed');
            },
          },
        };
        const { report } = await apply(lab, [serviceConfEdit('ct-linux-2', TO, FROM), utilEdit], interrupt);
        expect(outcome(report, 'ct-linux-2').outcome).toBe('interrupted');
        expect(readFileSync(conf).equals(before[0] ?? Buffer.alloc(0))).toBe(false);

        const run = await openLabRun(lab);
        try {
          const result = (await resumePending(run, await ApplyJournal.open(lab.file.projectPath), OPTIONS)).get('ct-linux-2');
          expect(result?.outcome, result?.message).toBe('rolled-back');
          expect(result?.files.map((file) => file.status)).toEqual(['restored', 'not-written']);
        } finally {
          await run.close();
        }
        expect(readFileSync(conf).equals(before[0] ?? Buffer.alloc(0))).toBe(true);
        expect(readFileSync(util).equals(before[1] ?? Buffer.alloc(0))).toBe(true);
        expect(await answers(lab, 'ct-linux-2')).toBe(true);
      },
      120_000,
    );

    it(
      title('a new file and a set-aside: a failure removes the new file and moves the other back; then both apply'),
      async () => {
        const lic = '/opt/kaspersky/ktfs/httpsrv/lic';
        const keyBytes = Buffer.from('LAB REFERENCE KEY\n');
        const edits: HandEdit[] = [
          { instance: 'ct-linux-1', path: (files) => `${files.licenseDir}/LAB00002.key`, create: keyBytes, restart: false },
          {
            instance: 'ct-linux-1',
            path: (files) => `${files.licenseDir}/LAB00001.key`,
            setAsideTo: 'LAB00001.key.ctha-set-aside',
            restart: false,
          },
        ];
        const original = readFileSync(lab.local('ct-linux-1', `${lic}/LAB00001.key`));
        const failing: ApplyOptions = {
          ...OPTIONS,
          hooks: {
            beforeStep: (_instance, step) => {
              if (step === 'verify') throw new Error('injected failure');
            },
          },
        };
        const failed = await apply(lab, edits, failing);
        const result = outcome(failed.report, 'ct-linux-1');
        expect(result.outcome, result.message).toBe('rolled-back');
        expect(result.failure, result.message).toMatchObject({ step: 'verify', message: 'injected failure' });
        expect(result.files.map((file) => [file.status, file.original])).toEqual([
          ['restored', 'absent'],
          ['restored', 'set-aside'],
        ]);
        expect(readdirSync(lab.local('ct-linux-1', lic)).sort()).toEqual(['LAB00001.key']);
        expect(readFileSync(lab.local('ct-linux-1', `${lic}/LAB00001.key`)).equals(original)).toBe(true);

        const { report } = await apply(lab, edits);
        expect(outcome(report, 'ct-linux-1').outcome, outcome(report, 'ct-linux-1').message).toBe('applied');
        expect(outcome(report, 'ct-linux-1').restarted).toBe(false);
        expect(readdirSync(lab.local('ct-linux-1', lic)).sort()).toEqual(['LAB00001.key.ctha-set-aside', 'LAB00002.key']);
        expect(readFileSync(lab.local('ct-linux-1', `${lic}/LAB00002.key`)).equals(keyBytes)).toBe(true);
        expect(readFileSync(lab.local('ct-linux-1', `${lic}/LAB00001.key.ctha-set-aside`)).equals(original)).toBe(true);
      },
      120_000,
    );

    it(
      title('rolling (the default): one instance at a time, the reference last, and it stops after an instance that had to be rolled back'),
      async () => {
        const order: string[] = [];
        // No mode given: rolling is the default.
        const rolling: ApplyOptions = { ...OPTIONS, hooks: { beforeStep: (instance, step) => void order.push(`${instance}:${step}`) } };
        const { report } = await apply(
          lab,
          [serviceConfEdit('ct-linux-1', TO, FROM), serviceConfEdit('ct-linux-2', TO, FROM), serviceConfEdit('ct-win-1', TO, FROM)],
          rolling,
        );
        expect(report.mode).toBe('rolling');
        expect(report.instances.map((result) => result.outcome)).toEqual(['applied', 'applied', 'unchanged', 'applied', 'unchanged']);
        // Each instance's steps end (ready) before the next instance's first step; the reference ct-linux-1 goes last.
        const firstOf = (name: string): number => order.findIndex((entry) => entry.startsWith(`${name}:`));
        const lastOf = (name: string): number => order.map((entry) => entry.startsWith(`${name}:`)).lastIndexOf(true);
        expect(order[lastOf('ct-linux-2')]).toBe('ct-linux-2:verify');
        expect(lastOf('ct-linux-2')).toBeLessThan(firstOf('ct-win-1'));
        expect(lastOf('ct-win-1')).toBeLessThan(firstOf('ct-linux-1'));
        expect(order.at(-1)).toBe('ct-linux-1:verify');
        expect(order).toContain('ct-linux-2:ready');

        // The refusing instance first: the rest are not attempted.
        const stopping = await apply(lab, [serviceConfEdit('ct-linux-3'), serviceConfEdit('ct-win-1')], OPTIONS);
        expect(stopping.report.instances.map((result) => result.outcome)).toEqual([
          'unchanged',
          'unchanged',
          'rolled-back',
          'skipped',
          'unchanged',
        ]);
        expect(outcome(stopping.report, 'ct-win-1').message).toContain('the rolling apply stopped after ct-linux-3');
      },
      180_000,
    );

    it(
      title("the fixers' plan applied in parallel: the instance whose service refuses to start is rolled back, the others applied"),
      async () => {
        // The reference gets another RecordFieldContextFormat (requirement 7), so every other instance drifts.
        const referenceConf = lab.local('ct-linux-1', '/opt/kaspersky/ktfs/etc/kl_feed_service.conf');
        writeFileSync(referenceConf, replaceOnce(FROM, TO)(readFileSync(referenceConf)));
        const refusing = lab.local('ct-linux-3', '/opt/kaspersky/ktfs/etc/kl_feed_service.conf');
        const original = readFileSync(refusing);
        const windowsConf = lab.local('ct-win-2', 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_service.conf');
        const windowsOriginal = readFileSync(windowsConf);
        const balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
        const deps = runDeps(lab.file.credentials.password).deps;
        const planned = await runPlanOnce(lab.file.projectPath, deps, { requirements: ['req7'], balancerConf });
        expect(planned.plan.instances.map((instance) => instance.changes.length)).toEqual([0, 1, 1, 1, 1]);
        const applied = await runApplyOnce(lab.file.projectPath, deps, {
          ...OPTIONS,
          rolling: false,
          requirements: ['req7'],
          balancerConf,
        });
        const report = applied.report;
        if (!report) throw new Error('no report');
        expect(report.instances.map((result) => result.outcome)).toEqual(['unchanged', 'applied', 'rolled-back', 'applied', 'rolled-back']);
        const refused = outcome(report, 'ct-linux-3');
        expect(refused.message).toMatch(
          /^"(start|ready)" failed: .*Rolled back: 1 written file\(s\) restored and confirmed original; the service was started again and answers PONG/s,
        );
        expect(readFileSync(refusing).equals(original)).toBe(true);
        expect(await answers(lab, 'ct-linux-3')).toBe(true);
        // The same on Windows, where sc.exe reports the refused start (STOPPED, exit code 1067).
        const windows = outcome(report, 'ct-win-2');
        expect(windows.message).toMatch(
          /^"(start|ready)" failed: .*Rolled back: 1 written file\(s\) restored and confirmed original; the service was started again and answers PONG/s,
        );
        expect(readFileSync(windowsConf).equals(windowsOriginal)).toBe(true);
        expect(await answers(lab, 'ct-win-2')).toBe(true);
        expect(readFileSync(lab.local('ct-linux-2', '/opt/kaspersky/ktfs/etc/kl_feed_service.conf')).toString('utf8')).toContain(TO);
        expect(existsSync(journalPathFor(lab.file.projectPath))).toBe(false);
      },
      180_000,
    );
  });
}
