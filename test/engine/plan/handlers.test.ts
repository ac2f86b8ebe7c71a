// plan.create and apply.run as the engine's handlers: outputs valid against the contract and JSON-safe
// (emulated lab on 127.0.99.30-32, this file only).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlanApplyHandlers } from '../../../engine/api/handlers/plan-apply.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import { planApplyOperations } from '../../../shared/contract/ops/plan-apply.js';
import { runDeps } from '../audit/run-deps.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';

let lab: TestLab;
beforeAll(() => {
  lab = startLab('127.0.99.30', ['--linux', '1', '--windows', '1', '--version', '4.4', '--drift', 'finished-disabled,event-format']);
}, 240_000);
afterAll(() => lab?.down(), 60_000);

describe('plan and apply handlers', () => {
  it('plan.create saves the plan; apply.run applies it; both outputs parse against the contract and survive JSON', async () => {
    const handlers = createPlanApplyHandlers(runDeps(lab.file.credentials.password).deps);
    const balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
    const out = join(lab.dir, 'handler-plan.json');
    const planned = await handlers['plan.create'](
      planApplyOperations['plan.create'].input.parse({ path: lab.file.projectPath, requirements: ['req7', 'req8'], out, balancerConf }),
    );
    expect(planApplyOperations['plan.create'].output.parse(planned)).toEqual(planned);
    expect(JSON.parse(JSON.stringify(planned))).toEqual(planned);
    expect(planned.savedTo).toBe(out);
    expect(existsSync(out)).toBe(true);
    expect(planned.projectSaved).toBe(true);
    expect(planned.pinned).toHaveLength(2);
    const changes = planned.plan.instances.flatMap((instance) => instance.changes);
    expect(changes.map((change) => [change.relativePath, change.requirements])).toEqual([['bin/kl_feed_service.conf', ['req7', 'req8']]]);

    const input = planApplyOperations['apply.run'].input.parse({ path: out });
    // Rolling (one instance at a time, the reference last) unless the caller asks for parallel.
    expect(input.rolling).toBe(true);
    const applied = await handlers['apply.run'](input);
    expect(planApplyOperations['apply.run'].output.parse(applied)).toEqual(applied);
    expect(JSON.parse(JSON.stringify(applied))).toEqual(applied);
    expect(applied.report.instances.map((result) => result.outcome)).toEqual(['unchanged', 'applied']);
    expect(applied.report.summary).toEqual({
      applied: 1,
      unchanged: 1,
      refused: 0,
      'rolled-back': 0,
      failed: 0,
      skipped: 0,
      interrupted: 0,
    });
  }, 120_000);

  it('refuses bad input before running: a readiness deadline out of bounds, a blank path, an empty scope', async () => {
    expect(planApplyOperations['apply.run'].input.safeParse({ path: 'x', readyDeadlineMs: 10 }).success).toBe(false);
    expect(planApplyOperations['plan.create'].input.safeParse({ path: ' ' }).success).toBe(false);
    // An empty requirement list is a Balancer-only plan; with no Balancer asked it is refused before any host is contacted.
    const events: string[] = [];
    const { deps } = runDeps(lab.file.credentials.password);
    const handlers = createPlanApplyHandlers({ ...deps, emit: (event) => events.push(event.name) });
    const out = join(lab.dir, 'empty-scope-plan.json');
    const input = planApplyOperations['plan.create'].input.parse({ path: lab.file.projectPath, requirements: [], balancer: false, out });
    await expect(handlers['plan.create'](input)).rejects.toThrow('no step to plan: name at least one of 1-8, alerts or balancer');
    // No progress or transcript event: no run was opened, no host contacted.
    expect(events).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
