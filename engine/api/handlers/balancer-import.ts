// The engine's handler of `balancer.import` (contract: shared/contract/ops/balancer-import.ts).
import { existsSync } from 'node:fs';
import type { z } from 'zod';
import type { balancerImportOperations } from '../../../shared/contract/ops/balancer-import.js';
import { readBalancerFile } from '../../cybertrace/balancer/read-balancer.js';
import { seedInstances } from '../../cybertrace/balancer/seed-instances.js';
import { readProjectFile, writeProjectFile } from '../../project/project-file.js';

type Op = (typeof balancerImportOperations)['balancer.import'];
/** The handler of `balancer.import`, typed from its contract entry. */
export type BalancerImportHandlers = { readonly 'balancer.import': (input: z.output<Op['input']>) => Promise<z.output<Op['output']>> };

/** Creates the `balancer.import` handler: kl_balancer.conf gives hosts only; the login settings are the engineer's. */
export function createBalancerImportHandler(): BalancerImportHandlers {
  return {
    'balancer.import': async ({ path, balancerConf, settings, name }) => {
      const reading = await readBalancerFile(balancerConf);
      if (!reading.ok) return { ok: false, error: reading.error, issues: [] };
      const existing = existsSync(path) ? (await readProjectFile(path)).project : undefined;
      const seeded = seedInstances(existing, reading.facts, settings, name);
      if (!seeded.ok) return { ok: false, issues: [...seeded.issues] };
      // A new project is written even with nothing added, so the engineer has the file to edit.
      const written = seeded.added.length > 0 || existing === undefined ? await writeProjectFile(path, seeded.project) : undefined;
      const added = seeded.project.instances
        .filter((instance) => seeded.added.includes(instance.name))
        .map((instance) => ({ name: instance.name, host: instance.host }));
      return {
        ok: true,
        path: written?.path ?? path,
        added,
        skipped: [...seeded.skipped],
        created: existing === undefined,
        written: written !== undefined,
        referenceInstance: seeded.project.referenceInstance,
        problems: [...reading.facts.problems],
      };
    },
  };
}
