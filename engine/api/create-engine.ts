import type { OperationHandlers } from '../../shared/contract/api.js';
import type { OperationOutput } from '../../shared/contract/operations.js';
import { parseProjectText } from '../../shared/project/parse.js';
import { PRODUCT_NAME, toolVersion } from '../app/version.js';
import { runPrechecks } from '../prechecks/run-prechecks.js';
import { readProjectFile, writeProjectFile } from '../project/project-file.js';
import { EventHub } from './event-hub.js';
import { PromptBroker } from './prompt-broker.js';
import { auditHandlers } from './handlers/audit.js';
import { createPlanApplyHandlers } from './handlers/plan-apply.js';
import { createProbeHandlers } from './handlers/probe.js';
import { createReportHandlers } from './handlers/report.js';
import type { ProductStoreFactory } from '../report/identity/resolve-identity.js';

/** How a front end starts the engine. */
export interface EngineOptions {
  readonly frontEnd: OperationOutput<'app.info'>['frontEnd'];
  /** A project file given on the command line, opened by the wizard on start. */
  readonly initialProjectPath?: string;
  /** How long a prompt waits for a person before the asking operation is cancelled. */
  readonly promptTimeoutMs?: number;
  /** Where the product's own signing identity is kept (the desktop app: Electron safeStorage); default: a passphrase-protected file. */
  readonly productIdentityStore?: ProductStoreFactory;
}

/** One engine instance: the operation handlers every transport dispatches to, its events and its prompts. */
export interface Engine {
  readonly handlers: OperationHandlers;
  readonly events: EventHub;
  readonly prompts: PromptBroker;
}

/** Creates the engine behind one front end (one Electron window or one `ctha ui` server). */
export function createEngine(options: EngineOptions): Engine {
  const events = new EventHub();
  const prompts = new PromptBroker(events, options.promptTimeoutMs);
  const runDeps = { ask: prompts.ask.bind(prompts) };
  const probeHandlers = createProbeHandlers({
    reviewCertificates: async (candidates) => {
      const certificates = candidates.map(({ instance, host, port, fingerprint, subject, issuer, validFrom, validTo }) => ({ instance, host, port, fingerprint, subject, issuer, validFrom, validTo }));
      return (await prompts.ask<'certificate-review'>({ kind: 'certificate-review', certificates })).acceptedFingerprints;
    },
    askRestPassword: async ({ user, instances }) =>
      (await prompts.ask<'password'>({ kind: 'password', instance: instances.join(', '), user, host: `${instances.length} instance(s), REST API`, purpose: 'rest' })).secret,
  });
  const handlers: OperationHandlers = {
    'app.info': async () => ({
      name: PRODUCT_NAME,
      version: toolVersion(),
      frontEnd: options.frontEnd,
      ...(options.initialProjectPath === undefined ? {} : { initialProjectPath: options.initialProjectPath }),
    }),
    'project.validate': async ({ text }) => {
      const result = parseProjectText(text);
      return result.ok ? { ok: true, project: result.project } : { ok: false, issues: [...result.issues] };
    },
    'project.open': async ({ path }) => readProjectFile(path),
    'project.save': async ({ path, project }) => writeProjectFile(path, project),
    'prechecks.run': async ({ path }) => {
      const opened = await readProjectFile(path);
      const run = await runPrechecks(opened.project, { ask: prompts.ask.bind(prompts) });
      if (run.accepted.length > 0) await writeProjectFile(opened.path, run.project);
      return { results: run.results, pinned: [...run.accepted], projectSaved: run.accepted.length > 0 };
    },
    'prompt.answer': async ({ promptId, answer }) => ({ accepted: prompts.answer(promptId, answer) }),
    // Wired as their handlers land (this session); until then they fail loudly rather than pretend.
    ...auditHandlers(runDeps),
    ...createPlanApplyHandlers(runDeps),
    ...createReportHandlers({ ask: runDeps.ask, ...(options.productIdentityStore === undefined ? {} : { productStore: options.productIdentityStore }) }),
    ...probeHandlers,
  };
  return { handlers, events, prompts };
}

