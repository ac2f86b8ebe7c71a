// Requirement 5 on an emulated lab, 4.4 and 5.1 (REFERENCE 3.5 step 5, 4.5): an export task whose filter
// differs on one instance, which also carries its own creator attribute (a name the help does not give),
// is a drift; the plan changes only the filter; the apply lands it; the host keeps its own attribute byte
// for byte; the re-audit matches. The reference's own, different creator attribute is never copied.
// Addresses: 127.0.191.x (4.4), 127.0.192.x (5.1).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyExitCode } from '../../../../cli/commands/apply.js';
import { runAuditOnce } from '../../../../engine/steps/audit/run-audit.js';
import { runApplyOnce } from '../../../../engine/steps/apply/run-apply.js';
import { runPlanOnce } from '../../../../engine/steps/plan/run-plan.js';
import { BALANCER_FILES } from '../../../../lab/trees/balancer-conf.js';
import { EXPORT_WINDOW_FILTER } from '../../../../lab/trees/export-tasks.js';
import { hostTreeLayout } from '../../../../lab/trees/tree-layout.js';
import { parseProjectText } from '../../../../shared/project/parse.js';
import type { Project } from '../../../../shared/project/schema.js';
import type { TestLab } from '../../../support/lab.js';
import { startLab } from '../../../support/lab.js';
import { runDeps } from '../../audit/run-deps.js';

const WEEKLY = '<IoCExport name="apt_hashes_weekly" enabled="true"';
const DRIFTED = 'ct-win-1';

for (const { version, addressBase } of [
  { version: '4.4', addressBase: '127.0.191.10' },
  { version: '5.1', addressBase: '127.0.192.10' },
] as const) {
  describe(`requirement 5 export tasks on an emulated ${version} lab`, () => {
    let lab: TestLab;
    let balancerConf: string;
    const deps = (): ReturnType<typeof runDeps>['deps'] => runDeps(lab.file.credentials.password).deps;
    const serviceConf = (name: string): string => lab.local(name, hostTreeLayout(lab.instance(name)).serviceConf);
    const edit = (name: string, change: (text: string) => string): void => {
      const before = readFileSync(serviceConf(name), 'latin1');
      const after = change(before);
      if (after === before) throw new Error(`${name}: the edit changed nothing`);
      writeFileSync(serviceConf(name), after, 'latin1');
    };

    beforeAll(() => {
      lab = startLab(addressBase, ['--linux', '1', '--windows', '1', '--backend', 'emulated', '--version', version, '--drift', 'none']);
      balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
      // Each instance's own creator (per-instance); the drifted one also widens the reference's time window.
      edit('ct-linux-1', (text) => text.replace(WEEKLY, `${WEEKLY} creator_id="1"`));
      edit(DRIFTED, (text) =>
        text
          .replace(WEEKLY, `${WEEKLY} creator_id='42'`)
          .replace(EXPORT_WINDOW_FILTER, EXPORT_WINDOW_FILTER.replace('%NOW%-7', '%NOW%-30')),
      );
    }, 240_000);
    afterAll(() => lab?.down(), 60_000);

    it("finds the filter drift, plans only the filter, applies it, keeps the instance's own attribute, and re-audits clean", async () => {
      const before = await runAuditOnce(projectOf(lab), deps(), { balancerConf });
      const req5 = (findings: typeof before.report.findings.findings) =>
        findings.filter((finding) => finding.requirement === 'req5').map((finding) => [finding.instance, finding.status]);
      expect(req5(before.report.findings.findings)).toEqual([
        ['ct-linux-1', 'match'],
        [DRIFTED, 'drift'],
      ]);

      const planPath = join(lab.dir, 'req5.plan.json');
      const { plan } = await runPlanOnce(lab.file.projectPath, deps(), { out: planPath, balancerConf, requirements: ['req5'] });
      const changes = plan.instances.find((planned) => planned.name === DRIFTED)?.changes ?? [];
      expect(changes.map((change) => change.requirements)).toEqual([['req5']]);
      expect(changes[0]?.semanticChanges.map((entry) => [entry.kind, entry.before, entry.after])).toEqual([
        ['changed', '%NOW%-30', '%NOW%-7'],
      ]);

      const original = readFileSync(serviceConf(DRIFTED), 'latin1');
      const { report } = await runApplyOnce(planPath, deps(), { readyDeadlineMs: 30_000, balancerConf });
      if (!report) throw new Error('no report');
      const result = report.instances.find((entry) => entry.instance === DRIFTED);
      expect(result?.outcome, result?.message).toBe('applied');
      expect(applyExitCode(report)).toBe(0);
      const now = readFileSync(serviceConf(DRIFTED), 'latin1');
      // Only the filter value changed: the rest, the instance's own single-quoted creator included, is the same bytes.
      expect(now).toBe(original.replace('value="%NOW%-30"', 'value="%NOW%-7"'));
      expect(now).toContain(`${WEEKLY} creator_id='42'`);

      const after = await runAuditOnce(projectOf(lab), deps(), { balancerConf });
      expect(req5(after.report.findings.findings)).toEqual([
        ['ct-linux-1', 'match'],
        [DRIFTED, 'match'],
      ]);
    }, 300_000);
  });
}

function projectOf(lab: TestLab): Project {
  const parsed = parseProjectText(readFileSync(lab.file.projectPath, 'utf8'));
  if (!parsed.ok) throw new Error(`the lab project does not parse: ${JSON.stringify(parsed)}`);
  return parsed.project;
}
