// The Balancer's instance list fixed in kl_balancer.conf (REFERENCE 3.3): an instance Balancer does not list
// is added, a wrong matching_port is set to the instance's input port; every other byte is kept.
import type { BalancerFacts, PortCheck } from '../../../shared/contract/ops/balancer-audit.js';
import { parseBalancerConf } from '../../cybertrace/balancer/parse-balancer-conf.js';
import { applyXmlEdits, checkEditScope, findChild, findChildren, parseXmlDocument, unifiedDiff } from '../../cybertrace/xml/index.js';
import type { XmlEdit } from '../../cybertrace/xml/index.js';

/** The new kl_balancer.conf bytes with their diff, or why the list cannot be fixed here. */
export type ListingEdit =
  | { readonly ok: true; readonly bytes: Buffer; readonly unifiedDiff: string; readonly changed: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Edits kl_balancer.conf so that Balancer lists each checked instance with its input port: `not-listed`
 * adds `<Instance matching_port="port">host</Instance>` as the last Instance, `mismatch` sets the one
 * Instance's matching_port. Edits are spliced into the original text (BOM, line endings and the rest kept)
 * and the result must change nothing outside `Instances` and read back with exactly the intended list.
 */
export function balancerListingEdit(bytes: Uint8Array, label: string, checks: readonly PortCheck[]): ListingEdit {
  const doc = parseXmlDocument(bytes, label);
  const instances = findChild(doc.root, 'Instances');
  if (instances === undefined) return { ok: false, reason: `${label} has no ${doc.root.name}/Instances element to add to` };
  const entries = findChildren(instances, 'Instance');
  const key = (host: string): string => host.trim().toLowerCase();
  const edits: XmlEdit[] = [];
  const changed: string[] = [];
  for (const check of checks) {
    if (check.inputPort === undefined) continue;
    const listed = entries.filter((entry) => key(entry.text) === key(check.host));
    if (check.state === 'not-listed' && listed.length === 0) {
      edits.push({
        kind: 'insert-child',
        parent: instances,
        xml: `<Instance matching_port="${check.inputPort}">${escape(check.host)}</Instance>`,
        position: 'last',
      });
      changed.push(`${check.instance}: Instance ${check.host} added with matching_port ${check.inputPort}`);
    } else if (check.state === 'mismatch' && listed.length === 1 && listed[0] !== undefined) {
      edits.push({ kind: 'set-attribute', element: listed[0], name: 'matching_port', value: String(check.inputPort) });
      changed.push(`${check.instance}: matching_port ${check.balancerPort ?? '?'} set to ${check.inputPort}`);
    }
  }
  if (edits.length === 0) return { ok: false, reason: 'nothing in the instance list can be fixed from what the audit read' };
  const after = applyXmlEdits(doc, edits);
  const scope = checkEditScope(doc, after, [instances.path]);
  if (!scope.ok) return { ok: false, reason: scope.reason };
  const before: BalancerFacts = parseBalancerConf(bytes, label);
  const reread = parseBalancerConf(after, label);
  const wanted = new Map(before.instances.map((entry) => [key(entry.host), entry.matchingPort]));
  for (const check of checks)
    if (check.inputPort !== undefined && (check.state === 'not-listed' || check.state === 'mismatch'))
      wanted.set(key(check.host), check.inputPort);
  const got = new Map(reread.instances.map((entry) => [key(entry.host), entry.matchingPort]));
  if (got.size !== wanted.size || [...wanted].some(([host, port]) => got.get(host) !== port))
    return { ok: false, reason: `${label}: the edited list does not read back as intended; nothing planned` };
  return { ok: true, bytes: Buffer.from(after), unifiedDiff: unifiedDiff(label, doc.source.text, scope.after.source.text), changed };
}
