// The engine's handlers of `probe.run` and `indicators.spotCheck` (contract: shared/contract/ops/probe.ts).
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors.js';
import type { probeOperations } from '../../../shared/contract/ops/probe.js';
import type { EngineEvent } from '../../../shared/contract/events.js';
import type { Project } from '../../../shared/project/schema.js';
import { probeCluster } from '../../probe/probe-cluster.js';
import { spotCheckCluster, type CertificateCandidate } from '../../probe/spot-check.js';
import { readProjectFile } from '../../project/project-file.js';
import { cancelledError } from '../../steps/run/run-control.js';
import type { RunRegistry } from '../../steps/run/run-registry.js';

type Ops = typeof probeOperations;
/** The probe handlers, typed from their contract entries. */
export type ProbeHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

/**
 * How the spot-check asks a person; the engine wires these to its PromptBroker (a certificate-review
 * prompt and a password prompt), the CLI to flags and the terminal.
 */
export interface ProbeHandlerDeps {
  /** Shows certificates nobody pinned; resolves with the fingerprints accepted. Rejecting cancels the spot-check. */
  reviewCertificates(candidates: readonly CertificateCandidate[]): Promise<readonly string[]>;
  /** Asks for the REST password of `user` once per spot-check. Rejecting cancels it. */
  askRestPassword(question: { readonly user: string; readonly instances: readonly string[] }): Promise<string>;
  /** Where the probe's progress events go (the engine's EventHub); none: silent. */
  readonly emit?: (event: EngineEvent) => void;
  /** The engine's running runs: `probe.run` registers there so that `run.cancel` can stop waiting for it. */
  readonly runs?: RunRegistry;
}

/** Creates the handlers of `probe.run` and `indicators.spotCheck`. */
export function createProbeHandlers(deps: ProbeHandlerDeps): ProbeHandlers {
  return {
    'probe.run': async ({ path, indicator, port, deadlineMs, endpoints }) => {
      const { project } = await readProjectFile(path);
      if (endpoints !== undefined)
        requireInstances(
          project,
          endpoints.map((endpoint) => endpoint.instance),
          'endpoints',
        );
      const control = deps.runs?.start();
      try {
        const probing = asInvalidInput(() =>
          probeCluster({
            cluster: project.name,
            endpoints: endpoints ?? project.instances.map((instance) => ({ instance: instance.name, host: instance.host, port })),
            deadlineMs,
            reqRuleName: project.reqRuleName,
            ...(indicator === undefined ? {} : { indicator }),
            ...(deps.emit === undefined ? {} : { emit: deps.emit }),
            ...(control === undefined ? {} : { runId: control.runId }),
          }),
        );
        if (control === undefined) return await probing;
        // The probe only reads (test events over TCP, bounded by its deadline): a cancel answers at once and
        // lets the connections already open end on their own; nothing on the hosts is left half-done.
        let stop: (() => void) | undefined;
        const cancelled = new Promise<never>((_, reject) => {
          stop = control.onCancel(() => reject(cancelledError('The probe was cancelled by the engineer; it has no result')));
        });
        probing.catch(() => undefined);
        try {
          return await Promise.race([probing, cancelled]);
        } finally {
          stop?.();
        }
      } finally {
        if (control !== undefined) deps.runs?.end(control);
      }
    },
    'indicators.spotCheck': async ({ path, indicators, user, port, apiVersion, pins, timeoutMs }) => {
      const { project } = await readProjectFile(path);
      requireInstances(
        project,
        pins.map((pin) => pin.instance),
        'pins',
      );
      return spotCheckCluster({
        cluster: project.name,
        targets: project.instances.map((instance) => ({ instance: instance.name, host: instance.host, port })),
        indicators: [...new Set(indicators)],
        user,
        apiVersion,
        timeoutMs,
        pins: new Map(pins.map((pin) => [pin.instance, pin.fingerprint])),
        reviewCertificates: (candidates) => deps.reviewCertificates(candidates),
        askPassword: (question) => deps.askRestPassword(question),
      });
    },
  };
}

function requireInstances(project: Project, names: readonly string[], field: string): void {
  const known = new Set(project.instances.map((instance) => instance.name));
  const issues = names.flatMap((name, index) =>
    known.has(name) ? [] : [{ path: `${field}.${index}.instance`, message: `no instance "${name}" in the project` }],
  );
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) issues.push({ path: `${field}.${index}.instance`, message: `instance "${name}" is listed twice` });
    seen.add(name);
  });
  if (issues.length > 0)
    throw new ApiError({ code: 'invalid-input', message: `every entry of ${field} must name a different instance of the project`, issues });
}

// probeCluster throws plain Errors only for bad input (a test event with a line break, say).
async function asInvalidInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError({ code: 'invalid-input', message: error instanceof Error ? error.message : String(error) });
  }
}
