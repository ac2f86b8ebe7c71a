// Plan and apply end to end with the real fixers, on both lab backends, 4.4 and 5.1, Linux and Windows:
// `--drift default` → plan → apply the saved plan → the audit is clean → a second apply changes nothing;
// byte-level checks on the files behind the lab hosts; a DOCTYPE-bearing config is refused untouched.
// Addresses: 127.0.97.x (emulated), 127.0.98.x (OpenSSH).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXmlDocument, semanticDiff } from '../../../engine/cybertrace/xml/index.js';
import { sha256Hex } from '../../../engine/hosts/dialect/index.js';
import { runAuditOnce } from '../../../engine/steps/audit/run-audit.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { journalPathFor } from '../../../engine/steps/journal/apply-journal.js';
import { readPlanFile } from '../../../engine/steps/plan/plan-file.js';
import { runPlanOnce } from '../../../engine/steps/plan/run-plan.js';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import { DEFAULT_DRIFT } from '../../../lab/drift/default-drift.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import type { LabVersion } from '../../../lab/spec.js';
import { PlanDocumentSchema } from '../../../shared/plan/plan-document.js';
import type { PlanDocument, PlannedChange } from '../../../shared/plan/plan-document.js';
import { parseProjectText } from '../../../shared/project/parse.js';
import { PRESET_REQUIREMENT, withReq3Attested } from '../audit/audit-lab.js';
import { runDeps } from '../audit/run-deps.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';

const labs = [
  { backend: 'emulated', version: '4.4', addressBase: '127.0.97.10', skip: undefined },
  { backend: 'emulated', version: '5.1', addressBase: '127.0.97.30', skip: undefined },
  { backend: 'openssh', version: '4.4', addressBase: '127.0.98.10', skip: opensshUnavailableReason() },
  { backend: 'openssh', version: '5.1', addressBase: '127.0.98.30', skip: opensshUnavailableReason() },
] as const;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function changesOf(plan: PlanDocument, instance: string): PlannedChange[] {
  return plan.instances.find((planned) => planned.name === instance)?.changes ?? [];
}

for (const { backend, version, addressBase, skip } of labs) {
  const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

  describe.skipIf(skip !== undefined)(`plan and apply on the ${backend} backend, CyberTrace ${version}`, () => {
    let lab: TestLab;
    let balancerConf: string;
    let planPath: string;
    const deps = (): ReturnType<typeof runDeps>['deps'] => runDeps(lab.file.credentials.password).deps;
    const names = ['ct-linux-1', 'ct-linux-2', 'ct-win-1'];

    beforeAll(() => {
      lab = startLab(addressBase, [
        '--linux',
        '2',
        '--windows',
        '1',
        '--backend',
        backend,
        '--version',
        version as LabVersion,
        '--drift',
        'default',
      ]);
      balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
      planPath = join(lab.dir, 'plan.json');
    }, 240_000);
    afterAll(() => lab?.down(), 60_000);

    it(
      title('plans every automatable drift preset, groups identical diffs, and apply makes the audit clean; a second apply is a no-op'),
      async () => {
        const planned = await runPlanOnce(lab.file.projectPath, deps(), { out: planPath, balancerConf });
        const plan = planned.plan;
        expect(PlanDocumentSchema.safeParse(JSON.parse(readFileSync(planPath, 'utf8'))).success).toBe(true);
        expect(await readPlanFile(planPath)).toEqual(plan);
        expect(plan.summary.errors).toBe(0);
        expect(changesOf(plan, 'ct-linux-1')).toEqual([]);
        // Every preset dealt to an instance is fixed by one of its changes (requirement 3 is never automatable, and no preset seeds it).
        names.forEach((name, index) => {
          const wanted = new Set(DEFAULT_DRIFT(index, names.length).map((preset) => PRESET_REQUIREMENT[preset]));
          const fixed = new Set(changesOf(plan, name).flatMap((change) => change.requirements));
          expect(
            [...wanted].filter((id) => !fixed.has(id)),
            `${name}: ${JSON.stringify(plan.instances.find((p) => p.name === name)?.refusals)}`,
          ).toEqual([]);
        });
        expect(plan.groups.flatMap((group) => group.instances).sort()).toEqual(['ct-linux-2', 'ct-win-1']);
        for (const name of ['ct-linux-2', 'ct-win-1'])
          expect(plan.instances.find((p) => p.name === name)?.readiness).toEqual({ host: lab.instance(name).address, port: 9999 });

        const before = new Map<string, Buffer | undefined>();
        for (const name of names)
          for (const change of changesOf(plan, name))
            before.set(
              `${name}:${change.path}`,
              existsSync(lab.local(name, change.path)) ? readFileSync(lab.local(name, change.path)) : undefined,
            );

        const applied = await runApplyOnce(planPath, deps(), { readyDeadlineMs: 30_000, balancerConf });
        const report = applied.report;
        if (!report) throw new Error('no report');
        expect(report.planSource).toBe('saved');
        for (const result of report.instances) {
          expect(result.outcome, `${result.instance}: ${result.message}`).toBe(result.instance === 'ct-linux-1' ? 'unchanged' : 'applied');
        }
        expect(report.instances.find((r) => r.instance === 'ct-linux-2')?.steps.find((s) => s.step === 'verify')?.detail).toBe(
          'planned bytes in place; re-observed: the requirements match',
        );
        expect(existsSync(journalPathFor(lab.file.projectPath))).toBe(false);

        // Byte level: each host file holds exactly the planned bytes; configs keep BOM and line endings and
        // differ semantically only where the plan said.
        for (const name of ['ct-linux-2', 'ct-win-1']) {
          for (const change of changesOf(plan, name)) {
            const target = change.kind === 'set-aside' ? (change.newPath ?? '') : change.path;
            const now = readFileSync(lab.local(name, target));
            expect(sha256Hex(now), `${name}:${target}`).toBe(change.afterSha256);
            const old = before.get(`${name}:${change.path}`);
            if (change.kind !== 'edit' || !old) continue;
            expect(now.subarray(0, 3).equals(BOM)).toBe(old.subarray(0, 3).equals(BOM));
            // The lab writes Windows service configs with a BOM: it must still be there.
            if (name === 'ct-win-1' && change.relativePath === 'bin/kl_feed_service.conf')
              expect(now.subarray(0, 3).equals(BOM)).toBe(true);
            const crlf = (bytes: Buffer): boolean => bytes.toString('latin1').includes('\r\n');
            expect(crlf(now)).toBe(crlf(old));
            if (crlf(old))
              expect(
                now
                  .toString('latin1')
                  .split('\n')
                  .slice(0, -1)
                  .every((line) => line.endsWith('\r')),
              ).toBe(true);
            const semantic = semanticDiff(parseXmlDocument(old, 'before'), parseXmlDocument(now, 'after'))
              .map((entry) => entry.path)
              .sort();
            expect(semantic).toEqual(change.semanticChanges.map((entry) => entry.path).sort());
          }
        }
        expect(changesOf(plan, 'ct-win-1').some((change) => change.relativePath === 'bin/kl_feed_service.conf')).toBe(true);

        const parsed = parseProjectText(readFileSync(lab.file.projectPath, 'utf8'));
        if (!parsed.ok) throw new Error('project');
        const audit = await runAuditOnce(withReq3Attested(parsed.project), deps(), { balancerConf });
        expect(audit.report.findings.findings.filter((finding) => finding.status === 'drift')).toEqual([]);
        expect(audit.report.verdict).toBe('consistent');

        const again = await runApplyOnce(lab.file.projectPath, deps(), { readyDeadlineMs: 30_000, balancerConf });
        expect(again.plan.summary.changes).toBe(0);
        expect(again.report?.changed).toBe(false);
        expect(again.report?.instances.map((result) => result.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
        expect(again.report?.planSource).toBe('fresh');
      },
      300_000,
    );

    it(
      title('a DOCTYPE-bearing config is refused untouched by plan and apply'),
      async () => {
        const name = 'ct-linux-2';
        const confHost = lab.instance(name).os === 'linux' ? '/opt/kaspersky/ktfs/etc/kl_feed_service.conf' : '';
        const path = lab.local(name, confHost);
        const text = readFileSync(path, 'utf8');
        // A drift the plan would otherwise fix, behind a DOCTYPE the XML layer refuses.
        const seeded = text
          .replace('<?xml version="1.0" encoding="utf-8"?>\n', '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE Configuration>\n')
          .replace('<FinishedEventFormat enabled="true">', '<FinishedEventFormat enabled="false">');
        expect(seeded).toContain('<!DOCTYPE Configuration>');
        writeFileSync(path, seeded);
        const seededBytes = readFileSync(path);

        const planned = await runPlanOnce(lab.file.projectPath, deps(), { balancerConf });
        const instance = planned.plan.instances.find((p) => p.name === name);
        expect(instance?.changes.filter((change) => change.path === confHost)).toEqual([]);
        expect(instance?.refusals.find((refusal) => refusal.requirement === 'req8')?.reason).toMatch(/DOCTYPE/);

        const applied = await runApplyOnce(lab.file.projectPath, deps(), { readyDeadlineMs: 30_000, balancerConf });
        expect(applied.report?.instances.find((r) => r.instance === name)?.restarted).toBe(false);
        expect(readFileSync(path).equals(seededBytes)).toBe(true);
        writeFileSync(path, text);
      },
      180_000,
    );
  });
}
