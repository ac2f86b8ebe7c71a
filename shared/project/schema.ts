import { z } from 'zod';
import { REQUIREMENT_IDS } from '../requirements/ids.js';

/** Current version of the `*.ctha.json` project file format. */
export const PROJECT_SCHEMA_VERSION = 1;

/** Default name of the Balancer request-id regex rule (REFERENCE.md 3.5). */
export const DEFAULT_REQ_RULE = 'REQ';

const nonEmpty = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `expected a non-empty ${what}` });

const port = z
  .number({ error: 'expected 1-65535' })
  .int({ error: 'expected 1-65535' })
  .min(1, { error: 'expected 1-65535' })
  .max(65535, { error: 'expected 1-65535' });

// A host name or address; whitespace and URL syntax are mistakes people paste in.
const host = nonEmpty('host name or address').regex(/^[^\s/@]*$/, {
  error: 'expected a host name or address without spaces, "/" or "@"',
});

/** Operating system of a host. */
export const OsSchema = z.enum(['linux', 'windows'], { error: 'expected "linux" or "windows"' });

/** How the engine gets root or Administrator rights on a host. */
export const PrivilegeSchema = z.enum(['root', 'sudo', 'sudo-password', 'administrator'], {
  error: 'expected "root", "sudo", "sudo-password" or "administrator"',
});

/** SSH authentication; secrets are asked for at run time and never stored. */
export const AuthSchema = z.discriminatedUnion(
  'method',
  [
    z.strictObject({ method: z.literal('agent') }),
    z.strictObject({ method: z.literal('key'), keyPath: nonEmpty('key file path') }),
    z.strictObject({ method: z.literal('password') }),
    z.strictObject({ method: z.literal('keyboard-interactive') }),
  ],
  { error: 'expected method "agent", "key", "password" or "keyboard-interactive"' },
);

const connectionShape = {
  name: nonEmpty('name').regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, {
    error: 'expected 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit',
  }),
  host,
  port: port.default(22),
  os: OsSchema,
  user: nonEmpty('user name'),
  auth: AuthSchema,
  privilege: PrivilegeSchema,
};

/** One CyberTrace instance of the cluster and how to reach it over SSH. */
export const InstanceSchema = z.strictObject({
  ...connectionShape,
  /** `%service_dir%`; when absent it is detected on the host, never guessed. */
  serviceDir: nonEmpty('service directory').optional(),
  /**
   * Paths outside the service folder the engineer allows the engine to read and write with privilege on
   * this instance (e.g. a CertFile kept elsewhere); shown in the plan and the report. docs/SECURITY.md.
   */
  allowedPaths: z.array(nonEmpty('absolute path')).max(1, { error: 'expected at most one extra allowed path per instance' }).optional(),
  /**
   * Where this instance keeps its configuration files when not where the service config says (issue 11
   * item 3): absolute paths on the host, each overriding discovery for that one file; shown in discovery.
   */
  configPaths: z
    .strictObject({
      /** kl_feed_service.conf (REFERENCE 1.2: `%service_dir%/etc` on Linux, `%service_dir%\bin` on Windows). */
      serviceConf: nonEmpty('absolute path').optional(),
      /** kl_feed_util.conf (REFERENCE 4.3: pointed to by the service config's `FeedUtil/ConfigurationPath`). */
      feedUtilConf: nonEmpty('absolute path').optional(),
    })
    .optional(),
});

/** The Balancer host; its kl_balancer.conf can seed the instance list. */
export const BalancerSchema = z.strictObject({
  ...connectionShape,
  /** Directory holding `bin/kl_balancer.conf`; detected when absent. */
  balancerDir: nonEmpty('Balancer directory').optional(),
  /**
   * The Balancer's licence key folder (issue 14). Its element in kl_balancer.conf is undocumented: when
   * absent, the folder is the element's value that holds `*.key` files, and never a silent guess.
   */
  licenseDir: nonEmpty('Balancer licence folder').optional(),
});

/** A host key the engineer accepted, in OpenSSH's `SHA256:` form. */
export const PinnedHostKeySchema = z.strictObject({
  host,
  port,
  type: z.string().regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|ssh-dss)$/, {
    error: 'expected an SSH key type such as "ssh-ed25519"',
  }),
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, {
    error: 'expected an OpenSSH fingerprint "SHA256:" followed by 43 base64 characters',
  }),
});

const requirementId = z.enum(REQUIREMENT_IDS, { error: `expected one of ${REQUIREMENT_IDS.join(', ')}` });
const isoDate = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' });

/** A requirement the engineer chose not to meet on an instance, with the reason. */
export const WaiverSchema = z.strictObject({
  requirement: requirementId,
  instance: nonEmpty('instance name'),
  justification: z.string().trim().min(10, { error: 'expected a justification of at least 10 characters' }),
  engineer: nonEmpty('engineer name'),
  date: isoDate,
  expires: isoDate.optional(),
});

/**
 * A consistent REST spot-check attached to a requirement 3 attestation as evidence: when, how many indicators,
 * which instances answered alike, and the SHA-256 of the comparison (spot-check-evidence.ts). No indicator,
 * user or password: the count and the digest say what was compared without repeating it.
 */
export const SpotCheckEvidenceSchema = z.strictObject({
  at: isoDate,
  indicators: z.number({ error: 'expected a count of indicators' }).int().min(1, { error: 'expected at least one indicator' }),
  instances: z.array(nonEmpty('instance name')).min(1, { error: 'expected at least one instance' }).readonly(),
  // Only a consistent spot-check is evidence that the lists agree; an inconsistent one is a finding, not a proof.
  consistent: z.literal(true, { error: 'only a consistent spot-check can be attached' }),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: 'expected "sha256:" and 64 lowercase hex digits' }),
});

/** A fact the tool cannot read, confirmed by the engineer (for example requirement 3's indicators). */
export const AttestationSchema = z
  .strictObject({
    requirement: requirementId,
    instance: nonEmpty('instance name'),
    note: z.string().trim().min(10, { error: 'expected a note of at least 10 characters' }),
    engineer: nonEmpty('engineer name'),
    date: isoDate,
    /** Requirement 3 only: the consistent spot-check the engineer attached. */
    spotCheck: SpotCheckEvidenceSchema.optional(),
  })
  .superRefine((attestation, ctx) => {
    if (attestation.spotCheck === undefined) return;
    if (attestation.requirement !== 'req3')
      ctx.addIssue({ code: 'custom', path: ['spotCheck'], message: 'a spot-check is evidence for requirement 3 (req3) only' });
    else if (!attestation.spotCheck.instances.includes(attestation.instance))
      ctx.addIssue({
        code: 'custom',
        path: ['spotCheck', 'instances'],
        message: `the spot-check did not check ${attestation.instance}: it cannot be evidence for it`,
      });
  });

/** The spot-check evidence of an attestation. */
export type SpotCheckEvidence = z.output<typeof SpotCheckEvidenceSchema>;

/** The project's alerts setting (issue 11 item 6): who receives the instances' service alerts, if anyone must. */
export const AlertsModeSchema = z.enum(['balancer', 'siem', 'not-required'], { error: 'expected "balancer", "siem" or "not-required"' });

/** `balancer`, `siem` or `not-required`. */
export type AlertsMode = z.output<typeof AlertsModeSchema>;

/** A `*.ctha.json` project: one CyberTrace HA cluster. Holds no password or passphrase. */
export const ProjectSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(PROJECT_SCHEMA_VERSION, {
      error: `expected ${PROJECT_SCHEMA_VERSION} (this tool reads project format version ${PROJECT_SCHEMA_VERSION})`,
    }),
    name: nonEmpty('cluster name'),
    instances: z.array(InstanceSchema).min(1, { error: 'expected at least one instance' }),
    referenceInstance: nonEmpty('instance name'),
    reqRuleName: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'expected a rule name of letters, digits and "_"' })
      .default(DEFAULT_REQ_RULE),
    balancer: BalancerSchema.optional(),
    /**
     * Where the instances' service alerts go (REFERENCE 3.5 step 9, optional): `balancer` makes the alerts item a
     * requirement (target from kl_balancer.conf), `siem` checks they are sent and identical, `not-required` (the default when absent: the item is optional) only reports.
     */
    alerts: AlertsModeSchema.optional(),
    hostKeys: z.array(PinnedHostKeySchema).default([]),
    waivers: z.array(WaiverSchema).default([]),
    attestations: z.array(AttestationSchema).default([]),
    /** How long apply waits for an instance to answer PONG after a start (default 5 minutes: feeds can load slowly). */
    readyDeadlineMs: z
      .number({ error: 'expected milliseconds' })
      .int({ error: 'expected whole milliseconds' })
      .min(1000, { error: 'expected at least 1000 ms' })
      .max(3_600_000, { error: 'expected at most 3,600,000 ms (one hour)' })
      .optional(),
  })
  .superRefine((project, ctx) => {
    const names = new Set<string>();
    project.instances.forEach((instance, index) => {
      if (names.has(instance.name)) {
        ctx.addIssue({ code: 'custom', path: ['instances', index, 'name'], message: `duplicate instance name "${instance.name}"` });
      }
      names.add(instance.name);
      const windows = instance.os === 'windows';
      if (windows !== (instance.privilege === 'administrator')) {
        ctx.addIssue({
          code: 'custom',
          path: ['instances', index, 'privilege'],
          message: windows ? 'expected "administrator" on a Windows host' : 'expected "root", "sudo" or "sudo-password" on a Linux host',
        });
      }
    });
    if (!names.has(project.referenceInstance)) {
      ctx.addIssue({
        code: 'custom',
        path: ['referenceInstance'],
        message: `expected the name of an instance, got "${project.referenceInstance}"`,
      });
    }
    const check = (list: readonly { instance: string }[], key: 'waivers' | 'attestations'): void => {
      list.forEach((entry, index) => {
        if (!names.has(entry.instance)) {
          ctx.addIssue({ code: 'custom', path: [key, index, 'instance'], message: `unknown instance "${entry.instance}"` });
        }
      });
    };
    check(project.waivers, 'waivers');
    check(project.attestations, 'attestations');
  });

/** A validated project, defaults applied. */
export type Project = z.output<typeof ProjectSchema>;
/** A project as written in a file, before defaults. */
export type ProjectInput = z.input<typeof ProjectSchema>;
/** One instance of a project. */
export type Instance = z.output<typeof InstanceSchema>;
/** SSH authentication settings of a host. */
export type Auth = z.output<typeof AuthSchema>;
/** A pinned host key. */
export type PinnedHostKey = z.output<typeof PinnedHostKeySchema>;
