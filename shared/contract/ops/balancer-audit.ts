// The Balancer's side of the audit contract: kl_balancer.conf as facts and the checks against the instances.
import { z } from 'zod';

/** One element of kl_balancer.conf as found: name, attributes and text (for the elements the tool does not interpret). */
export const BalancerElementSchema = z.object({ name: z.string(), attributes: z.record(z.string(), z.string()), text: z.string() });

/** One `Instances/Instance` of kl_balancer.conf: its host (the element's value) and event port. */
export const BalancerInstanceSchema = z.object({
  host: z.string(),
  /** `matching_port`, when present and a valid port. */
  matchingPort: z.number().int().optional(),
  attributes: z.record(z.string(), z.string()),
});

/** What kl_balancer.conf says (REFERENCE 3.3), read with the safe XML layer; `problems` lists what is missing or out of range. */
export const BalancerFactsSchema = z.object({
  /** Where it was read: a local path, or `instance:path` on the Balancer host. */
  source: z.string(),
  sha256: z.string(),
  root: z.string(),
  balancer: z.object({
    /** The element's value: the address Balancer listens on. */
    address: z.string(),
    matchingPort: z.number().int().optional(),
    apiPort: z.number().int().optional(),
    cybertracePort: z.number().int().optional(),
    scannersCount: z.number().int().optional(),
    attributes: z.record(z.string(), z.string()),
  }),
  instances: z.array(BalancerInstanceSchema),
  /** Every other top-level element, as found (SSL paths, license folder, CertDirPath, AllowedRequests...). */
  others: z.array(BalancerElementSchema),
  problems: z.array(z.string()),
});

/** kl_balancer.conf as facts. */
export type BalancerFacts = z.output<typeof BalancerFactsSchema>;

/** An instance's input port against Balancer's `Instance@matching_port` for its host. */
export const PortCheckSchema = z.object({
  instance: z.string(),
  host: z.string(),
  /** match: same port; mismatch: differs; not-listed: Balancer has no Instance for this host; unknown: a port could not be read. */
  state: z.enum(['match', 'mismatch', 'not-listed', 'unknown']),
  balancerPort: z.number().int().optional(),
  inputPort: z.number().int().optional(),
  evidence: z.string(),
});

/** One port check. */
export type PortCheck = z.output<typeof PortCheckSchema>;

/** The Balancer section of an audit report. */
export const BalancerAuditReportSchema = z.object({
  source: z.string().optional(),
  facts: BalancerFactsSchema.optional(),
  error: z.string().optional(),
  alertTarget: z.object({ value: z.object({ host: z.string(), cybertracePort: z.number().int() }).optional(), evidence: z.string() }),
  portChecks: z.array(PortCheckSchema),
  notInProject: z.array(z.string()),
});

