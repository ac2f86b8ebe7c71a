// `--steps` and the Balancer (issue 14): the Balancer's fixes are their own part, planned without --steps or
// when the list names `balancer`, never for a subset that does not; the plan records it, the plan check
// refuses a section the plan says it left out, and apply re-derives and applies exactly that scope; the
// cluster's report given the Balancer-only apply states its Balancer part (evidence.json, report.pdf) and verifies.
// One emulated lab with an instance drift (requirement 8) and a Balancer licence drift. Addresses: 127.0.179.10-13.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportRunHandler } from '../../../engine/api/handlers/report-run.js';
import { identityToP12 } from '../../../engine/report/identity/p12.js';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import { verifyReport } from '../../../engine/report/verify/verify-report.js';
import { compareRederived } from '../../../engine/steps/apply/rederive.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { parsePlan, readPlanFile } from '../../../engine/steps/plan/plan-file.js';
import { planText } from '../../../engine/steps/plan/plan-text.js';
import { runPlanOnce } from '../../../engine/steps/plan/run-plan.js';
import type { ApplyReport } from '../../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import { BUNDLE_FILES } from '../../../shared/report/bundle-files.js';
import { EvidenceSchema } from '../../../shared/report/evidence.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { startBalancerLab } from '../audit/balancer-lab.js';
import { runDeps } from '../audit/run-deps.js';
import { inflatedStreams } from '../report/tools.js';

let lab: AuditLab;
let projectPath: string;

beforeAll(async () => {
  ({ lab, projectPath } = await startBalancerLab(
    {
      linux: 2,
      windows: 0,
      backend: 'emulated',
      version: '5.1',
      drift: ['finished-disabled', 'balancer-license'],
      addressBase: '127.0.179.10',
    },
    'steps.ctha.json',
  ));
}, 120_000);
afterAll(async () => lab.stop(), 60_000);

const deps = () => runDeps(lab.password).deps;
const PASSPHRASE = 'steps balancer test passphrase';
// The Balancer-only apply of the last apply test, for the report test after it.
let balancerApply: { report: ApplyReport; plan: PlanDocument } | undefined;
const plan = (options: Parameters<typeof runPlanOnce>[2]) => runPlanOnce(projectPath, deps(), { reviewWindowMs: 1_000, ...options });

describe('--steps and the Balancer section of a plan', () => {
  it('without --steps: every requirement and the Balancer; a subset without balancer leaves it out; naming it adds it', async () => {
    const all = await plan({});
    expect(all.plan.balancerIncluded).toBe(true);
    expect(all.plan.balancer?.changes.map((change) => change.kind)).toContain('license');
    expect(all.plan.summary.changes).toBeGreaterThan(0);

    const only8 = await plan({ requirements: ['req8'] });
    expect(only8.plan.balancerIncluded).toBe(false);
    expect(only8.plan.balancer).toBeUndefined();
    expect(only8.plan.summary.balancerChanges).toBeUndefined();
    expect(only8.plan.summary.changes).toBe(all.plan.summary.changes);
    expect(planText(only8.plan)[0]).toMatch(/steps 8 \(--steps without balancer: the Balancer's fixes are not planned\)/);

    const withBalancer = await plan({ requirements: ['req8'], balancer: true });
    expect(withBalancer.plan.balancerIncluded).toBe(true);
    expect(withBalancer.plan.balancer?.changes).toEqual(all.plan.balancer?.changes);
    expect(planText(withBalancer.plan)[0]).toMatch(/steps 8, balancer, reference/);

    const alone = await plan({ requirements: [], balancer: true });
    expect(alone.plan.requirements).toEqual([]);
    expect(alone.plan.summary.changes).toBe(0);
    expect(alone.plan.balancer?.changes).toEqual(all.plan.balancer?.changes);
  }, 180_000);

  it('no step at all is refused before anything is planned', async () => {
    await expect(plan({ requirements: [], balancer: false })).rejects.toThrow(
      /no step to plan: name at least one of 1-8, alerts or balancer/,
    );
  }, 60_000);

  it('the plan check refuses a Balancer section in a plan that left the Balancer out, and an empty scope', async () => {
    const saved = await plan({ requirements: ['req8'], balancer: true, out: join(lab.dir, 'with-balancer.json') });
    const value = JSON.parse(readFileSync(saved.savedTo ?? '', 'utf8')) as Record<string, unknown>;
    expect(() => parsePlan(value, 'edited.json')).not.toThrow();
    expect(() => parsePlan({ ...value, balancerIncluded: false }, 'edited.json')).toThrow(
      /edited\.json: field balancer: the plan says the Balancer was left out \(balancerIncluded false\), yet it has a Balancer section/,
    );
    const withoutSection = { ...value };
    delete withoutSection.balancer;
    const summary = { ...(value.summary as Record<string, unknown>) };
    delete summary.balancerChanges;
    expect(() => parsePlan({ ...withoutSection, summary, requirements: [], balancerIncluded: false }, 'edited.json')).toThrow(
      /field requirements is empty: only a plan of the Balancer alone/,
    );
  }, 120_000);
});

describe('--steps and the Balancer at apply', () => {
  it('a saved plan made with --steps 8 applies requirement 8 and leaves the Balancer untouched', async () => {
    const saved = await plan({ requirements: ['req8'], out: join(lab.dir, 'only8.json') });
    const applied = await runApplyOnce(saved.savedTo ?? '', deps(), { reviewWindowMs: 1_000 });
    expect(applied.report?.instances.some((instance) => instance.outcome === 'applied')).toBe(true);
    expect(applied.report?.balancer).toBeUndefined();
    // The Balancer still needs its licence: a full plan now has the Balancer's changes only.
    const after = await plan({});
    expect(after.plan.summary.changes).toBe(0);
    expect(after.plan.balancer?.changes.map((change) => change.kind)).toContain('license');
  }, 180_000);

  it('a plan covering the Balancer is re-derived with it (refused when left out); a Balancer-only plan is applied', async () => {
    const saved = await plan({ requirements: ['req8'], balancer: true, out: join(lab.dir, 'req8-balancer.json') });
    expect(saved.plan.balancer?.changes.length).toBeGreaterThan(0);
    const savedPlan = await readPlanFile(saved.savedTo ?? '');
    // The saved scope goes back into the re-derivation: the live plan matches it and the confirmation is asked (declined: nothing written).
    let asked: PlanDocument | undefined;
    const declined = await runApplyOnce(saved.savedTo ?? '', deps(), {
      reviewWindowMs: 1_000,
      confirm: async (shown) => {
        asked = shown;
        return false;
      },
    });
    expect(declined.report).toBeUndefined();
    expect(asked?.balancerIncluded).toBe(true);
    expect(asked?.balancer?.changes.length).toBe(savedPlan.balancer?.changes.length);
    // The plan says the Balancer is covered; a re-derivation that leaves it out must not pass silently.
    const withoutBalancer: PlanDocument = { ...savedPlan, balancerIncluded: false };
    delete withoutBalancer.balancer;
    expect(() => compareRederived(savedPlan, withoutBalancer, 'the saved plan')).toThrow(
      /Balancer: field balancerIncluded: the plan covers the Balancer, the re-derivation from the live hosts left it out/,
    );
    const alone = await plan({ requirements: [], balancer: true, out: join(lab.dir, 'balancer-only.json') });
    const applied = await runApplyOnce(alone.savedTo ?? '', deps(), { reviewWindowMs: 1_000, balancer: true });
    expect(applied.report?.instances.every((instance) => instance.outcome === 'unchanged')).toBe(true);
    expect(applied.report?.balancer?.outcome).toBe('applied');
    expect((await plan({})).plan.balancer?.changes).toEqual([]);
    balancerApply = applied.report === undefined ? undefined : { report: applied.report, plan: await readPlanFile(alone.savedTo ?? '') };
  }, 180_000);

  it('the report of the cluster (report.run with the apply report) states the Balancer part, signed and verifiable', async () => {
    if (balancerApply === undefined) throw new Error('the Balancer-only apply did not run');
    const p12 = join(lab.dir, 'engineer.p12');
    writeFileSync(p12, identityToP12(await createSelfSignedIdentity('Test Engineer'), PASSPHRASE));
    const base = deps();
    const handler = createReportRunHandler({
      run: {
        ...base,
        ask: (question) =>
          question.kind === 'passphrase' ? (Promise.resolve({ kind: 'passphrase', secret: PASSPHRASE }) as never) : base.ask(question),
      },
    });
    const outDir = join(lab.dir, 'report');
    const result = await handler['report.run']({
      path: projectPath,
      engineer: 'Test Engineer',
      outDir,
      identity: { kind: 'p12', path: p12 },
      applies: [{ report: balancerApply.report, plan: balancerApply.plan }],
      plans: [],
      deadlineMs: 5_000,
      knownSecrets: [lab.password],
    });
    const evidence = EvidenceSchema.parse(JSON.parse(readFileSync(join(outDir, BUNDLE_FILES.evidence), 'utf8')));
    // The audit's Balancer section (read after the apply: the licence now matches) and the apply's Balancer part.
    expect(evidence.balancer?.hostRead).toBe(true);
    expect(evidence.balancer?.checks.license.state).toBe('match');
    const [part] = evidence.balancerApplies ?? [];
    expect(part?.outcome).toBe('applied');
    expect(part?.planCreatedAt).toBe(balancerApply.plan.createdAt);
    expect(part?.files.map((file) => [file.change, file.status])).toContainEqual(['license', 'written']);
    expect(part?.steps.some((step) => step.startsWith('stop: '))).toBe(true);
    expect(part?.steps.at(-1)).toMatch(/^answers on .*: yes$/);
    const { text } = inflatedStreams(readFileSync(join(outDir, BUNDLE_FILES.pdf)));
    expect(text).toContain(`<${Buffer.from('Balancer changes', 'latin1').toString('hex').toUpperCase()}>`);
    expect(result.built.verdict.reasons.some((reason) => reason.startsWith('Balancer apply'))).toBe(false);
    expect((await verifyReport(outDir)).ok).toBe(true);
  }, 180_000);
});
