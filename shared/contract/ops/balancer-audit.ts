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

/** One file on the Balancer host: its path, and its digest when it was read, or why not. */
export const BalancerFileSchema = z.object({
  path: z.string().optional(),
  present: z.boolean(),
  size: z.number().int().optional(),
  sha256: z.string().optional(),
  reason: z.string().optional(),
});

/** One file in a folder of the Balancer host (a `*.key` licence file, a stored `*.pem` certificate). */
export const BalancerFolderFileSchema = z.object({
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** For a `*.pem`: SHA-256 of the first certificate's DER, the same however the file is written. */
  certSha256: z.string().optional(),
});

/** A folder of the Balancer host named by kl_balancer.conf (or the project): where it resolves and what it holds. */
export const BalancerFolderSchema = z.object({
  /** The element that names it (`CertDirPath`, the detected licence element), or `project` for balancer.licenseDir. */
  source: z.string().optional(),
  /** The value as written. */
  written: z.string().optional(),
  /** The resolved host path (relative values from the binary's folder, REFERENCE 3.3). */
  path: z.string().optional(),
  present: z.boolean(),
  files: z.array(BalancerFolderFileSchema),
  evidence: z.string(),
});

/** The Balancer service as the host reports it (REFERENCE 3.4): `cybertrace_balancer.service` or `KasperskyBalancerService`. */
export const BalancerServiceFactSchema = z.object({
  name: z.string(),
  state: z.enum(['running', 'stopped', 'unknown']),
  evidence: z.string(),
});

/** One instance's HTTPS certificate `httpsrv/kl_feed_service_cert.pem`, read over the instance's own session (REFERENCE 3.6). */
export const InstanceWebCertSchema = z.object({
  instance: z.string(),
  path: z.string().optional(),
  sha256: z.string().optional(),
  /** SHA-256 of the certificate's DER (see BalancerFolderFileSchema.certSha256). */
  certSha256: z.string().optional(),
  evidence: z.string(),
});

/** What the Balancer host holds beside kl_balancer.conf, read over SSH (REFERENCE 3.2-3.4, 3.6). */
export const BalancerHostFactsSchema = z.object({
  /** The Balancer's folder (the parent of `bin`, where kl_balancer.conf sits next to the binary). */
  balancerDir: z.string(),
  service: BalancerServiceFactSchema,
  license: BalancerFolderSchema,
  certDir: BalancerFolderSchema,
  sslCertificate: BalancerFileSchema.extend({ written: z.string(), evidence: z.string() }),
  sslPrivateKey: z.object({ path: z.string().optional(), written: z.string(), present: z.boolean().optional(), evidence: z.string() }),
  /** Each audited instance's HTTPS certificate, to compare with what Balancer stored. */
  instanceCerts: z.array(InstanceWebCertSchema),
});

/** The Balancer host's facts. */
export type BalancerHostFacts = z.output<typeof BalancerHostFactsSchema>;

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
  /** What the Balancer host holds beside the file, when it was read over SSH from the project's Balancer host. */
  host: BalancerHostFactsSchema.optional(),
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

/** How one Balancer-side check came out: `drift` is something Balancer would get wrong, `unknown` what could not be shown. */
export const BalancerCheckStateSchema = z.enum(['match', 'drift', 'unknown', 'not-applicable']);

/** One Balancer-side check state. */
export type BalancerCheckState = z.output<typeof BalancerCheckStateSchema>;

/** One instance's part of a Balancer-side check. */
export const BalancerInstanceCheckSchema = z.object({ instance: z.string(), state: BalancerCheckStateSchema, evidence: z.string() });

/** The reference certificate Balancer stored for one instance against the instance's HTTPS certificate (REFERENCE 3.6). */
export const StoredCertCheckSchema = z.object({
  instance: z.string(),
  /** `<Instance value>_<matching_port>.pem` in CertDirPath, when the instance is listed. */
  file: z.string().optional(),
  /** match: equal; missing: Balancer stores it on first connection; stale: differs, Balancer answers HTTP 500; unknown. */
  state: z.enum(['match', 'missing', 'stale', 'unknown']),
  evidence: z.string(),
});

/** The Balancer section's checks (issue 14), derived from the audit report by shared/report/balancer-checks.ts. */
export const BalancerChecksSchema = z.object({
  /** drift when any check drifts; unknown when one could not be shown; consistent otherwise. */
  verdict: z.enum(['consistent', 'drift', 'unknown']),
  license: z.object({ state: BalancerCheckStateSchema, evidence: z.string(), instances: z.array(BalancerInstanceCheckSchema) }),
  listing: z.object({ state: BalancerCheckStateSchema, evidence: z.string() }),
  storedCerts: z.object({
    state: BalancerCheckStateSchema,
    evidence: z.string(),
    instances: z.array(StoredCertCheckSchema),
    leftovers: z.array(z.string()),
  }),
  alerts: z.object({ state: BalancerCheckStateSchema, evidence: z.string(), instances: z.array(BalancerInstanceCheckSchema) }),
  service: z.object({ state: BalancerCheckStateSchema, evidence: z.string() }),
});

/** The Balancer section's checks. */
export type BalancerChecks = z.output<typeof BalancerChecksSchema>;
