// What the fixers need beyond the files: the REQ rule name, and Balancer's alert target from kl_balancer.conf.
import type { ObserveContext } from '../../cybertrace/model/types.js';
import { balancerAlertTarget } from '../../cybertrace/balancer/alert-target.js';
import { readBalancerFile, readBalancerOverSsh } from '../../cybertrace/balancer/read-balancer.js';
import type { BalancerReading } from '../../cybertrace/balancer/read-balancer.js';
import type { ClusterRun } from '../run/run-types.js';

/** The context and how the Balancer part was found (or why it is missing: the alerts item then stays unfixed). */
export interface PlanContext {
  readonly context: ObserveContext;
  readonly balancerEvidence: string;
}

/** Reads kl_balancer.conf from `balancerConf` (local) or over the run's Balancer session, when there is one. */
export async function planContext(run: ClusterRun, balancerConf: string | undefined): Promise<PlanContext> {
  const base: ObserveContext = { reqRuleName: run.project.reqRuleName };
  let reading: BalancerReading | undefined;
  if (balancerConf !== undefined) reading = await readBalancerFile(balancerConf);
  else if (run.balancer?.ok) reading = await readBalancerOverSsh(run.balancer);
  else if (run.balancer) return { context: base, balancerEvidence: `the Balancer host could not be opened (${run.balancer.stage}): ${run.balancer.reason}` };
  if (reading === undefined) return { context: base, balancerEvidence: 'no Balancer in the project and no kl_balancer.conf given' };
  if (!reading.ok) return { context: base, balancerEvidence: `${reading.source}: ${reading.error}` };
  const target = balancerAlertTarget(reading.facts, run.project.balancer?.host);
  return target.value ? { context: { ...base, balancer: target.value }, balancerEvidence: target.evidence } : { context: base, balancerEvidence: target.evidence };
}
