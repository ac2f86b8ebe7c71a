// kl_balancer.conf as facts (REFERENCE 3.3), through the same safe XML layer as the instances' configs.
import type { BalancerFacts } from '../../../shared/contract/ops/audit.js';
import { sha256Hex } from '../../hosts/dialect/index.js';
import { findChild, findChildren, parseXmlDocument } from '../xml/index.js';
import type { XmlElement } from '../xml/index.js';

/** Documented ranges of the Balancer element's mandatory attributes. */
const BALANCER_ATTRIBUTES = [
  { attribute: 'matching_port', key: 'matchingPort', max: 65535 },
  { attribute: 'api_port', key: 'apiPort', max: 65535 },
  { attribute: 'cybertrace_port', key: 'cybertracePort', max: 65535 },
  { attribute: 'scanners_count', key: 'scannersCount', max: 100 },
] as const;

/**
 * Reads kl_balancer.conf's bytes: the root (any name), the one Balancer element with its four attributes,
 * Instances/Instance with matching_port, and every other top-level element as found. A file the XML layer
 * refuses (DOCTYPE, malformed) throws ConfigXmlError; a missing Balancer element throws too, because
 * nothing can be read from such a file. Missing or invalid attributes are listed in `problems`.
 */
export function parseBalancerConf(bytes: Uint8Array, source: string): BalancerFacts {
  const doc = parseXmlDocument(bytes, source);
  const root = doc.root;
  const problems: string[] = [];
  const balancers = findChildren(root, 'Balancer');
  const element = balancers[0];
  if (element === undefined) throw new Error(`${source}: no ${root.name}/Balancer element: this is not a kl_balancer.conf`);
  if (balancers.length > 1) problems.push(`${balancers.length} Balancer elements; the file may hold only one (the first is used)`);
  const attributes = attributeRecord(element);
  const ports: Partial<Record<(typeof BALANCER_ATTRIBUTES)[number]['key'], number>> = {};
  for (const { attribute, key, max } of BALANCER_ATTRIBUTES) {
    const value = attributes[attribute];
    if (value === undefined) problems.push(`Balancer@${attribute} is missing (mandatory)`);
    else {
      const number = integerIn(value, 1, max);
      if (number === undefined) problems.push(`Balancer@${attribute} is ${JSON.stringify(value)}, expected an integer 1-${max}`);
      else ports[key] = number;
    }
  }
  const address = element.text.trim();
  if (address === '') problems.push('the Balancer element has no address');
  const instancesElement = findChild(root, 'Instances');
  if (instancesElement === undefined) problems.push(`no ${root.name}/Instances element`);
  const instances = (instancesElement ? findChildren(instancesElement, 'Instance') : []).map((instance, index) => {
    const record = attributeRecord(instance);
    const host = instance.text.trim();
    if (host === '') problems.push(`Instance ${index + 1} has no host`);
    const port = record['matching_port'];
    const matchingPort = port === undefined ? undefined : integerIn(port, 1, 65535);
    if (port === undefined) problems.push(`Instance ${host || index + 1}: matching_port is missing`);
    else if (matchingPort === undefined)
      problems.push(`Instance ${host || index + 1}: matching_port is ${JSON.stringify(port)}, expected an integer 1-65535`);
    return { host, ...(matchingPort === undefined ? {} : { matchingPort }), attributes: record };
  });
  const others = root.children
    .filter((child) => child.name !== 'Balancer' && child.name !== 'Instances')
    .map((child) => ({ name: child.name, attributes: attributeRecord(child), text: child.text.trim() }));
  return { source, sha256: sha256Hex(bytes), root: root.name, balancer: { address, ...ports, attributes }, instances, others, problems };
}

function attributeRecord(element: XmlElement): Record<string, string> {
  return Object.fromEntries(element.attributes.map((attribute) => [attribute.name, attribute.value]));
}

/** The decimal integer written in `text` when it lies in [min, max]; leading zeros and signs are refused. */
function integerIn(text: string, min: number, max: number): number | undefined {
  if (!/^[1-9]\d{0,5}$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return value >= min && value <= max ? value : undefined;
}
