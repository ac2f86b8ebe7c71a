// `balancer.import`: a project's instances seeded from the hosts kl_balancer.conf names (REFERENCE 3.3).
import { z } from 'zod';
import { AuthSchema, OsSchema, PinnedHostKeySchema, PrivilegeSchema } from '../../project/schema.js';

const filePath = z.string().trim().min(1, { error: 'expected a file path' });

/** How every added instance is logged in to: kl_balancer.conf names hosts and ports only, so the engineer says the rest. */
export const SeedHostSettingsSchema = z.object({
  os: OsSchema,
  user: z.string().trim().min(1, { error: 'expected a user name' }),
  auth: AuthSchema,
  privilege: PrivilegeSchema,
  port: z.number().int().min(1).max(65535).optional(),
  serviceDir: z.string().min(1).optional(),
});

/**
 * The Balancer host to read kl_balancer.conf from over SSH, logged in with the same settings as the
 * instances (REFERENCE 3.2: Balancer ships with CyberTrace and often runs on one of its hosts).
 */
export const BalancerHostSourceSchema = z.object({
  host: z
    .string()
    .trim()
    .min(1, { error: 'expected the Balancer host name or address' })
    .regex(/^[^\s/@]*$/, { error: 'expected a host name or address without spaces, "/" or "@"' }),
  /** SSH port; the settings' port (else 22) when absent. */
  port: z.number().int().min(1).max(65535).optional(),
  /** Folder holding `bin/kl_balancer.conf`; the CyberTrace install folders are probed when absent. */
  balancerDir: z.string().trim().min(1).optional(),
});

/** One `Instance` of kl_balancer.conf as listed: its host and `matching_port`. */
export const ListedInstanceSchema = z.object({ host: z.string(), matchingPort: z.number().int().optional() });

/** `balancer.import`, shaped like the entries of shared/contract/operations.ts. */
export const balancerImportOperations = {
  /**
   * Reads kl_balancer.conf (a local file `balancerConf`, or over SSH from `balancerHost`) and adds one
   * instance per Balancer `Instance` host the project at `path` lacks, with the given login settings;
   * creates the project (named `name`) when `path` does not exist. Nothing is written when the result
   * would not be a valid project (`issues` then says why). With `readOnly` no project is read or
   * written: `listed` says what the file holds (the wizard merges it into its unsaved draft itself).
   * `hostKeys`: keys already accepted (not asked again); `pinned`: the ones accepted in this call.
   */
  'balancer.import': {
    input: z
      .object({
        path: filePath.optional(),
        balancerConf: filePath.optional(),
        balancerHost: BalancerHostSourceSchema.optional(),
        hostKeys: z.array(PinnedHostKeySchema).optional(),
        settings: SeedHostSettingsSchema,
        name: z.string().min(1).optional(),
        readOnly: z.boolean().optional(),
      })
      .refine((input) => (input.balancerConf === undefined) !== (input.balancerHost === undefined), {
        error: 'expected either balancerConf (a local kl_balancer.conf) or balancerHost (read over SSH), not both',
        path: ['balancerConf'],
      })
      .refine((input) => input.readOnly === true || input.path !== undefined, {
        error: 'expected the project file path (or readOnly)',
        path: ['path'],
      }),
    output: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        path: z.string(),
        /** Where kl_balancer.conf was read: a local path, or `balancer:path` on the Balancer host. */
        source: z.string(),
        listed: z.array(ListedInstanceSchema),
        pinned: z.array(PinnedHostKeySchema),
        added: z.array(z.object({ name: z.string(), host: z.string() })),
        skipped: z.array(z.string()),
        created: z.boolean(),
        written: z.boolean(),
        referenceInstance: z.string(),
        problems: z.array(z.string()),
      }),
      z.object({
        ok: z.literal(false),
        error: z.string().optional(),
        issues: z.array(z.object({ path: z.string(), message: z.string() })),
      }),
    ]),
  },
} as const satisfies Record<'balancer.import', { input: z.ZodType; output: z.ZodType }>;
