// One instance's part of the audit: discovery, the model of both configs, and the observations.
import type { Instance } from '../../../shared/project/schema.js';
import { discoverInstance } from '../../cybertrace/discovery/discover-instance.js';
import type { Discovery } from '../../cybertrace/discovery/types.js';
import { observe, readInstanceConfig } from '../../cybertrace/model/index.js';
import type { InstanceConfig, InstanceFiles, ObserveContext } from '../../cybertrace/model/types.js';
import { isConfigXmlError } from '../../cybertrace/xml/index.js';
import type { RunOutcome } from '../run/run-types.js';
import { allUnknown } from './all-unknown.js';
import { inputPortOf } from './input-port.js';
import type { InstanceAudit } from './types.js';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Audits one opened instance; never throws. An instance that could not be opened or discovered has every
 * requirement unknown with that reason. A config the XML layer refuses (DOCTYPE, malformed) is left out of
 * the model with its reason, so exactly the requirements that need it are unknown and say why. `context`
 * may still be on its way (kl_balancer.conf is read while the instances are discovered).
 */
export async function auditInstance(
  outcome: RunOutcome<Instance>,
  context: ObserveContext | Promise<ObserveContext>,
): Promise<InstanceAudit> {
  const name = outcome.instance.name;
  if (!outcome.ok) {
    const reason = `${name} could not be opened (${outcome.stage}): ${outcome.reason}`;
    return {
      name,
      observations: allUnknown(reason),
      failure: { stage: outcome.stage, reason: outcome.reason },
      refusedFiles: [],
      inputPort: { evidence: reason },
    };
  }
  const member = outcome;
  let discovery: Discovery;
  try {
    discovery = await discoverInstance(member);
  } catch (error) {
    const reason = member.session.ended ? `${message(error)} (${member.session.ended.message})` : message(error);
    return {
      name,
      member,
      observations: allUnknown(`discovery failed on ${name}: ${reason}`),
      failure: { stage: 'discovery', reason },
      refusedFiles: [],
      inputPort: { evidence: reason },
    };
  }
  if (discovery.files === undefined) {
    const reason = discovery.facts.serviceDir.evidence;
    return {
      name,
      member,
      discovery,
      observations: allUnknown(reason),
      failure: { stage: 'discovery', reason },
      refusedFiles: [],
      inputPort: { evidence: reason },
    };
  }
  const refusedFiles: { path: string; reason: string }[] = [];
  let config: InstanceConfig;
  try {
    config = readWithRefusals(discovery.files, refusedFiles);
    // The context (Balancer's alert target) is read while the instance is discovered.
    const observations = observe(config, discovery.files, await context);
    return { name, member, discovery, config, observations, refusedFiles, inputPort: inputPortOf(config) };
  } catch (error) {
    const reason = message(error);
    return {
      name,
      member,
      discovery,
      observations: allUnknown(`the configuration of ${name} could not be modelled: ${reason}`),
      failure: { stage: 'model', reason },
      refusedFiles,
      inputPort: { evidence: reason },
    };
  }
}

/** readInstanceConfig, with each file the XML layer refuses marked as not read (reason kept) and the rest modelled. */
function readWithRefusals(files: InstanceFiles, refused: { path: string; reason: string }[]): InstanceConfig {
  let current = files;
  // Two files can be refused, so at most three attempts.
  for (let attempt = 0; ; attempt++) {
    try {
      return readInstanceConfig(current);
    } catch (error) {
      if (!isConfigXmlError(error) || attempt >= 2) throw error;
      const reason = error.message;
      if (current.serviceConf.present && error.label === current.serviceConf.path)
        current = { ...current, serviceConf: { path: current.serviceConf.path, present: false, reason } };
      else if (current.feedUtilConf.present && error.label === current.feedUtilConf.path)
        current = { ...current, feedUtilConf: { path: current.feedUtilConf.path, present: false, reason } };
      else throw error;
      refused.push({ path: error.label, reason });
    }
  }
}
