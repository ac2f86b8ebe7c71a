// `balancer.import`: a project's instances seeded from the hosts kl_balancer.conf names (REFERENCE 3.3).
import { z } from 'zod';
import { AuthSchema, OsSchema, PrivilegeSchema } from '../../project/schema.js';

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

/** `balancer.import`, shaped like the entries of shared/contract/operations.ts. */
export const balancerImportOperations = {
  /**
   * Reads a local kl_balancer.conf and adds one instance per Balancer `Instance` host the project lacks,
   * with the given login settings; creates the project (named `name`) when `path` does not exist.
   * Nothing is written when the result would not be a valid project (`issues` then says why).
   */
  'balancer.import': {
    input: z.object({ path: filePath, balancerConf: filePath, settings: SeedHostSettingsSchema, name: z.string().min(1).optional() }),
    output: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        path: z.string(),
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
