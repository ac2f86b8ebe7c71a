// Reading `--steps` with the Balancer's own part (issue 14): the words accepted, the scope each list gives,
// the errors, and how `ctha plan` and `ctha apply PROJECT` take it.
import { describe, expect, it } from 'vitest';
import { PLAN_HELP, planStepsOption, runPlan } from '../../../cli/commands/plan.js';
import { UsageError } from '../../../cli/commands/usage-error.js';
import { balancerInScope, describeScope, parseStepsScope } from '../../../shared/plan/steps.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';

describe('parseStepsScope', () => {
  it('reads balancer beside the requirements, alone, and not at all', () => {
    expect(parseStepsScope('8, 1,BALANCER')).toEqual({ ok: true, requirements: ['req1', 'req8'], balancer: true });
    expect(parseStepsScope('balancer')).toEqual({ ok: true, requirements: [], balancer: true });
    expect(parseStepsScope('1,6')).toEqual({ ok: true, requirements: ['req1', 'req6'], balancer: false });
  });

  it('names the whole list and every accepted word when an item is wrong', () => {
    expect(parseStepsScope('1,balancr')).toEqual({
      ok: false,
      message: '--steps: unknown step "balancr"; expected 1-8, alerts or balancer',
    });
    expect(parseStepsScope('1,,balancer')).toEqual({
      ok: false,
      message: '--steps "1,,balancer": expected a comma-separated list such as 1,6,8 or 1,balancer',
    });
  });
});

describe('balancerInScope and describeScope', () => {
  it('covers the Balancer when asked, else only when every requirement is planned', () => {
    expect(balancerInScope(undefined, undefined)).toBe(true);
    expect(balancerInScope([...REQUIREMENT_IDS], undefined)).toBe(true);
    expect(balancerInScope(['req1'], undefined)).toBe(false);
    expect(balancerInScope(['req1'], true)).toBe(true);
    expect(balancerInScope(undefined, false)).toBe(false);
  });

  it('reads as the list was written', () => {
    expect(describeScope(['req1', 'req6'], true)).toBe('1, 6, balancer');
    expect(describeScope([], true)).toBe('balancer');
    expect(describeScope(['req1'], false)).toBe('1');
  });
});

describe('the CLI options', () => {
  it('ctha plan: absent means everything; given, only what it names', () => {
    expect(planStepsOption(undefined)).toEqual({});
    expect(planStepsOption('6')).toEqual({ requirements: ['req6'], balancer: false });
    expect(planStepsOption('6,balancer')).toEqual({ requirements: ['req6'], balancer: true });
    expect(() => planStepsOption('9')).toThrow(UsageError);
  });

  it('ctha plan --help says what --steps covers and exits 0 without reading a project', async () => {
    expect(PLAN_HELP).toMatch(/Without --steps: every requirement and the Balancer/);
    expect(PLAN_HELP).toMatch(/--steps 1,6 leaves the Balancer alone, --steps 1,6,balancer adds it, --steps balancer plans it alone/);
    expect(await runPlan(['--help'])).toBe(0);
  });
});
