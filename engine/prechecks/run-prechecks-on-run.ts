// The pre-checks over an already open cluster run: the run's sessions, dialects and privilege, no login of their own.
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import type { Instance } from '../../shared/project/schema.js';
import type { BalancerHost, ClusterRun, RunFailure, RunOutcome } from '../steps/run/run-types.js';
import type { InstancePrecheckOutcome } from './instance-prechecks.js';
import { INSTANCE_CHECK_ORDER, loggedInPrechecks, skipFrom } from './instance-prechecks.js';
import { fail, pass } from './result.js';
import { sameVersion } from './same-version.js';

/**
 * Runs every instance's pre-checks on the run's open sessions in parallel, then the cluster-wide ones.
 * A host the run could not open has its checks up to the failed stage passed, that one failed with the
 * run's reason (already redacted) and the rest skipped; the host-key review was the run's, its accepted
 * keys are the run's. Never throws for a host's failure; the sessions stay open for the steps that follow.
 */
export async function runPrechecksOnRun(run: ClusterRun): Promise<PrecheckResult[]> {
  const tally = run.progress.tally('prechecks', run.members.length);
  const outcomes = await Promise.all(
    run.members.map(async (member) => {
      tally.start(member.instance.name);
      const outcome = await memberPrechecks(member);
      const failed = outcome.results.filter((result) => result.status === 'fail').length;
      tally.end(
        member.instance.name,
        failed === 0,
        failed === 0 ? `${outcome.results.length} check(s) passed` : `${failed} check(s) failed`,
      );
      return outcome;
    }),
  );
  const results = outcomes.flatMap((outcome) => outcome.results);
  results.push(sameVersion(run.members.map((member, index) => ({ name: member.instance.name, ...outcomes[index] }))));
  if (run.balancer !== undefined) results.push(...balancerPrechecks(run.balancer));
  return results;
}

/** The checks up to `privilege`: what the Balancer host needs before its files can be read or fixed. */
const BALANCER_CHECKS = INSTANCE_CHECK_ORDER.slice(0, INSTANCE_CHECK_ORDER.indexOf('privilege') + 1);

/**
 * The Balancer host's pre-checks (issue 14 item 1): reachable, its key in the run's one review, login,
 * OS and privilege, under the Balancer's name. What is installed there is the Balancer audit's part.
 */
function balancerPrechecks(outcome: RunOutcome<BalancerHost>): PrecheckResult[] {
  const { instance } = outcome;
  const keep = (results: readonly PrecheckResult[]): PrecheckResult[] =>
    results.filter((result) => result.check === 'reachable' || (BALANCER_CHECKS as readonly string[]).includes(result.check));
  if (!outcome.ok) return keep(failedOpening(outcome).results);
  const { detection } = outcome.dialect;
  const privilegeOk = outcome.privilege.detected !== 'none' && outcome.privilege.matches !== false;
  return [
    pass('reachable', instance.name, `${instance.host}:${instance.port} answered over SSH`),
    pass('host-key', instance.name, 'the host key is pinned in the project or was accepted in the review'),
    pass('authentication', instance.name, `logged in as ${instance.user} (${instance.auth.method})`),
    pass(
      'os-shell',
      instance.name,
      `${detection.system}, shell ${detection.shell}${detection.powershellVersion ? `, PowerShell ${detection.powershellVersion}` : ''}`,
    ),
    privilegeOk ? pass('privilege', instance.name, outcome.privilege.detail) : fail('privilege', instance.name, outcome.privilege.detail),
  ];
}

/** One instance's pre-checks from its run outcome. */
async function memberPrechecks(outcome: RunOutcome): Promise<InstancePrecheckOutcome> {
  const { instance } = outcome;
  if (!outcome.ok) return failedOpening(outcome);
  const results: PrecheckResult[] = [
    pass('reachable', instance.name, `${instance.host}:${instance.port} answered over SSH`),
    pass('host-key', instance.name, 'the host key is pinned in the project or was accepted in the review'),
    pass('authentication', instance.name, `logged in as ${instance.user} (${instance.auth.method})`),
  ];
  try {
    const rest = await loggedInPrechecks(instance, outcome.dialect, outcome.privilege);
    return { ...rest, results: [...results, ...rest.results] };
  } catch (error) {
    // Only an unexpected failure lands here (each check catches its own): said once, every later check skipped.
    results.push(fail('os-shell', instance.name, `the checks stopped: ${error instanceof Error ? error.message : String(error)}`));
    return skipFrom(results, instance.name, 3, 'the checks stopped');
  }
}

/** The checks of a host the run could not open: passed up to the stage that failed, that one failed, the rest skipped. */
function failedOpening(failure: RunFailure<Instance | BalancerHost>): InstancePrecheckOutcome {
  const name = failure.instance.name;
  const results: PrecheckResult[] = [];
  if (failure.stage === 'connect') {
    results.push(fail('reachable', name, failure.reason));
    return skipFrom(results, name, 0, 'the host could not be connected to');
  }
  results.push(pass('reachable', name, `${failure.instance.host}:${failure.instance.port} answered`));
  if (failure.stage === 'host-key') {
    results.push(fail('host-key', name, failure.reason));
    return skipFrom(results, name, 1, 'the host key was not accepted');
  }
  results.push(pass('host-key', name, 'the host key is pinned in the project or was accepted in the review'));
  if (failure.stage === 'authentication') {
    results.push(fail('authentication', name, failure.reason));
    return skipFrom(results, name, 2, 'authentication failed');
  }
  results.push(pass('authentication', name, `logged in as ${failure.instance.user} (${failure.instance.auth.method})`));
  results.push(fail('os-shell', name, failure.reason));
  return skipFrom(results, name, 3, 'the operating system is not the one the project says');
}
