// The engine's handler of `balancer.import` (contract: shared/contract/ops/balancer-import.ts).
import { existsSync } from 'node:fs';
import type { z } from 'zod';
import type { balancerImportOperations } from '../../../shared/contract/ops/balancer-import.js';
import type { PinnedHostKey, Project } from '../../../shared/project/schema.js';
import type { BalancerReading } from '../../cybertrace/balancer/read-balancer.js';
import { readBalancerFile, readBalancerOverSsh } from '../../cybertrace/balancer/read-balancer.js';
import { seedInstances } from '../../cybertrace/balancer/seed-instances.js';
import { readProjectFile, writeProjectFile } from '../../project/project-file.js';
import { openClusterRun } from '../../steps/run/open-cluster-run.js';
import type { ClusterRunDeps } from '../../steps/run/run-types.js';

type Op = (typeof balancerImportOperations)['balancer.import'];
type Input = z.output<Op['input']>;
/** The handler of `balancer.import`, typed from its contract entry. */
export type BalancerImportHandlers = { readonly 'balancer.import': (input: Input) => Promise<z.output<Op['output']>> };

/**
 * Creates the `balancer.import` handler: kl_balancer.conf gives hosts only; the login settings are the
 * engineer's. `deps` (the engine's run deps: prompts, progress) are needed to read from the Balancer host.
 */
export function createBalancerImportHandler(deps?: ClusterRunDeps): BalancerImportHandlers {
  return {
    'balancer.import': async (input) => {
      const { path, settings, name } = input;
      const read = await readConf(input, deps);
      const { reading, pinned } = read;
      if (!reading.ok) return { ok: false, error: reading.error, issues: [] };
      const listed = reading.facts.instances.map((entry) => ({
        host: entry.host,
        ...(entry.matchingPort === undefined ? {} : { matchingPort: entry.matchingPort }),
      }));
      const common = { source: reading.facts.source, listed, pinned, problems: [...reading.facts.problems] };
      if (input.readOnly === true || path === undefined)
        return { ok: true, path: path ?? '', ...common, added: [], skipped: [], created: false, written: false, referenceInstance: '' };
      const existing = existsSync(path) ? (await readProjectFile(path)).project : undefined;
      const seeded = seedInstances(existing, reading.facts, settings, name);
      if (!seeded.ok) return { ok: false, issues: [...seeded.issues] };
      const project = { ...seeded.project, hostKeys: withKeys(seeded.project.hostKeys, pinned) };
      // A new project is written even with nothing added, so the engineer has the file to edit.
      const written = seeded.added.length > 0 || existing === undefined ? await writeProjectFile(path, project) : undefined;
      const added = project.instances
        .filter((instance) => seeded.added.includes(instance.name))
        .map((instance) => ({ name: instance.name, host: instance.host }));
      return {
        ok: true,
        path: written?.path ?? path,
        ...common,
        added,
        skipped: [...seeded.skipped],
        created: existing === undefined,
        written: written !== undefined,
        referenceInstance: project.referenceInstance,
      };
    },
  };
}

/** kl_balancer.conf from the local file, or over one SSH session to the Balancer host (its new key reviewed like any host's). */
async function readConf(input: Input, deps: ClusterRunDeps | undefined): Promise<{ reading: BalancerReading; pinned: PinnedHostKey[] }> {
  if (input.balancerConf !== undefined) return { reading: await readBalancerFile(input.balancerConf), pinned: [] };
  const source = input.balancerHost;
  if (source === undefined) return { reading: { ok: false, source: '', error: 'expected balancerConf or balancerHost' }, pinned: [] };
  if (deps === undefined)
    return { reading: { ok: false, source: source.host, error: 'this engine cannot open SSH sessions for an import' }, pinned: [] };
  const { settings } = input;
  // A project of the Balancer host alone: the run opens it and no instance (the instances are what is being read).
  const project: Project = {
    schemaVersion: 1,
    name: 'kl_balancer.conf import',
    instances: [],
    referenceInstance: '',
    reqRuleName: 'REQ',
    hostKeys: [...(input.hostKeys ?? [])],
    waivers: [],
    attestations: [],
    balancer: {
      name: 'balancer',
      host: source.host,
      port: source.port ?? settings.port ?? 22,
      os: settings.os,
      user: settings.user,
      auth: settings.auth,
      privilege: settings.privilege,
      ...(source.balancerDir === undefined ? {} : { balancerDir: source.balancerDir }),
    },
  };
  const run = await openClusterRun(project, deps, { balancer: true, instances: [] });
  try {
    const host = run.balancer;
    const reading: BalancerReading =
      host === undefined
        ? { ok: false, source: source.host, error: 'the Balancer host was not opened' }
        : host.ok
          ? await readBalancerOverSsh(host)
          : { ok: false, source: source.host, error: `the Balancer host could not be opened (${host.stage}): ${host.reason}` };
    return { reading: reading.ok ? reading : { ...reading, error: run.redactor.redact(reading.error) }, pinned: [...run.accepted] };
  } finally {
    await run.close();
  }
}

function withKeys(known: readonly PinnedHostKey[], added: readonly PinnedHostKey[]): PinnedHostKey[] {
  const key = (entry: PinnedHostKey) => `${entry.host}:${entry.port} ${entry.type} ${entry.fingerprint}`;
  const seen = new Set(known.map(key));
  return [...known, ...added.filter((entry) => !seen.has(key(entry)))];
}
