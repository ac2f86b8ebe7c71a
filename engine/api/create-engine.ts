// The engine factory: the one module of engine/ that front ends import (cli/ may import nothing else; .dependency-cruiser.cjs).
import type { OperationHandlers } from '../../shared/contract/api.js';
import type { OperationName, OperationOutput } from '../../shared/contract/operations.js';
import type { AskPerson } from '../../shared/contract/prompt-ask.js';
import type { ChooseRequest } from '../../shared/contract/ops/files.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import { PRODUCT_NAME, toolVersion } from '../app/version.js';
import { EventHub } from './event-hub.js';
import type { ProbeHandlerDeps } from './handlers/probe.js';
import { PromptBroker } from './prompt-broker.js';
import type { ProductStoreFactory } from '../report/identity/resolve-identity.js';
import type { ClusterRunDeps } from '../steps/run/run-types.js';
import { CredentialPersistence } from '../ssh/credentials/credential-persistence.js';
import type { CredentialVault } from '../ssh/credentials/credential-vault.js';
import { RunRegistry } from '../steps/run/run-registry.js';

// What front ends may take from the engine besides createEngine: small, dependency-light helpers.
export { createInProcessBridge } from './in-process-bridge.js';
export { packageRoot } from '../app/package-root.js';
export { PRODUCT_NAME, toolVersion } from '../app/version.js';
export { blockerFailed } from '../prechecks/result.js';
export { applyText } from '../steps/apply/apply-text.js';
export { planText } from '../steps/plan/plan-text.js';
export { parsePastedFingerprint, pastedMatches } from '../ssh/host-keys/pasted-fingerprint.js';

/** How a front end starts the engine. */
export interface EngineOptions {
  readonly frontEnd: OperationOutput<'app.info'>['frontEnd'];
  /** A project file given on the command line, opened by the wizard on start. */
  readonly initialProjectPath?: string;
  /** How long a prompt waits for a person before the asking operation is cancelled. */
  readonly promptTimeoutMs?: number;
  /** Where the product's own signing identity is kept (the desktop app: Electron safeStorage); default: a passphrase-protected file. */
  readonly productIdentityStore?: ProductStoreFactory;
  /**
   * Asked by `apply.run` with the plan it will write, before any write (false cancels). Only the CLI
   * without --yes gives it; the wizard confirms before it calls apply.run.
   */
  readonly confirmApply?: (plan: PlanDocument) => Promise<boolean>;
  /** The desktop app's own open/save/folder dialog (files.choose); without it the page uses its own chooser over files.list. */
  readonly chooseFile?: (request: ChooseRequest) => Promise<string | undefined>;
  /** The desktop app's encrypted store of SSH passwords (`credentials.remember`); without it passwords live in memory only. */
  readonly credentialVault?: CredentialVault;
}

/** One engine instance: the operation handlers every transport dispatches to, its events and its prompts. */
export interface Engine {
  readonly handlers: OperationHandlers;
  readonly events: EventHub;
  readonly prompts: PromptBroker;
}

type Group<K extends OperationName> = Pick<OperationHandlers, K>;

/**
 * Handlers whose module is imported on the first call of one of them, so that creating the engine stays
 * cheap (`ctha validate` and `--version` never load ssh2, pdf-lib or node-forge).
 */
function lazy<K extends OperationName>(names: readonly K[], load: () => Promise<Group<K>>): Group<K> {
  let loaded: Promise<Group<K>> | undefined;
  const group = {} as Record<K, (input: unknown) => Promise<unknown>>;
  for (const name of names) {
    group[name] = async (input) => {
      loaded ??= load();
      const handler = (await loaded)[name] as (input: unknown) => Promise<unknown>;
      return handler(input);
    };
  }
  return group as unknown as Group<K>;
}

/** Creates the engine behind one front end (one Electron window, one `ctha ui` server, one `ctha` command). */
export function createEngine(options: EngineOptions): Engine {
  const events = new EventHub();
  const prompts = new PromptBroker(events, options.promptTimeoutMs);
  // Remembering is off unless the vault holds a file the engineer asked for; logins wait for it to be read.
  const credentialStore = new CredentialPersistence(prompts.credentials, options.credentialVault);
  prompts.waitForCredentials(credentialStore.loaded);
  // Every run asks through the broker and reports progress and transcript events to every front end.
  // Typed as AskPerson: the layers below engine/api (ssh sessions) take that shape, never the broker.
  const ask: AskPerson = prompts.ask.bind(prompts);
  // Every cluster run registers here while it runs, so that `run.cancel` reaches it by the id its events carry.
  const runs = new RunRegistry();
  // A password a host refused is forgotten at once, so no later login reuses it (engine/ssh/credentials).
  const runDeps: ClusterRunDeps = {
    ask,
    runs,
    emit: (event) => events.emit(event),
    passwordRefused: (user, host) => prompts.credentials.refused(user, host),
  };
  const productStore = options.productIdentityStore === undefined ? {} : { productStore: options.productIdentityStore };
  const handlers: OperationHandlers = {
    'app.info': async () => ({
      name: PRODUCT_NAME,
      version: toolVersion(),
      frontEnd: options.frontEnd,
      ...(options.initialProjectPath === undefined ? {} : { initialProjectPath: options.initialProjectPath }),
    }),
    'prompt.answer': async ({ promptId, answer }) => ({ accepted: prompts.answer(promptId, answer) }),
    ...lazy(['project.validate', 'project.open', 'project.save'], async () =>
      (await import('./handlers/project.js')).createProjectHandlers(),
    ),
    ...lazy(['prechecks.run'], async () => (await import('./handlers/prechecks.js')).createPrecheckHandlers(runDeps)),
    ...lazy(['audit.run', 'balancer.read'], async () => (await import('./handlers/audit.js')).auditHandlers(runDeps)),
    ...lazy(['plan.create', 'apply.run', 'plan.read'], async () =>
      (await import('./handlers/plan-apply.js')).createPlanApplyHandlers(runDeps, options.confirmApply),
    ),
    ...lazy(['report.build', 'report.verify'], async () =>
      (await import('./handlers/report.js')).createReportHandlers({ ask: runDeps.ask, ...productStore }),
    ),
    ...lazy(['report.run'], async () =>
      (await import('./handlers/report-run.js')).createReportRunHandler({ run: runDeps, ...productStore }),
    ),
    ...lazy(['hostkeys.import', 'hostkeys.pin'], async () => (await import('./handlers/hostkeys.js')).createHostKeyHandlers()),
    ...lazy(['balancer.import'], async () => (await import('./handlers/balancer-import.js')).createBalancerImportHandler(runDeps)),
    ...lazy(['project.attest', 'project.waive', 'project.removeStatement'], async () =>
      (await import('./handlers/statements.js')).createStatementHandlers(),
    ),
    ...lazy(['credentials.forget', 'credentials.remember'], async () =>
      (await import('./handlers/credentials.js')).createCredentialHandlers(prompts.credentials, credentialStore),
    ),
    ...lazy(['files.list', 'files.choose'], async () =>
      (await import('./handlers/files.js')).createFileHandlers(undefined, options.chooseFile),
    ),
    ...lazy(['probe.run', 'indicators.spotCheck'], async () =>
      (await import('./handlers/probe.js')).createProbeHandlers({ ...restPrompts(prompts), emit: (event) => events.emit(event), runs }),
    ),
    ...lazy(['session.read', 'session.save', 'session.clear'], async () => (await import('./handlers/session.js')).createSessionHandlers()),
    ...lazy(['run.cancel'], async () =>
      (await import('./handlers/run-control.js')).createRunControlHandlers({ runs, cancelPrompts: (runId) => prompts.cancelRun(runId) }),
    ),
  };
  return { handlers, events, prompts };
}

// The spot-check's questions as prompts: a certificate review, and one REST password for every instance.
function restPrompts(prompts: PromptBroker): ProbeHandlerDeps {
  return {
    reviewCertificates: async (candidates) => {
      const certificates = candidates.map(({ instance, host, port, fingerprint, subject, issuer, validFrom, validTo }) => ({
        instance,
        host,
        port,
        fingerprint,
        subject,
        issuer,
        validFrom,
        validTo,
      }));
      return (await prompts.ask<'certificate-review'>({ kind: 'certificate-review', certificates })).acceptedFingerprints;
    },
    askRestPassword: async ({ user, instances }) =>
      (
        await prompts.ask<'password'>({
          kind: 'password',
          instance: instances.join(', '),
          user,
          host: `${instances.length} instance(s), REST API`,
          purpose: 'rest',
        })
      ).secret,
  };
}
