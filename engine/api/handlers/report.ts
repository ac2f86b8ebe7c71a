// The engine's handlers of `report.build` and `report.verify` (contract: shared/contract/ops/report.ts).
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors.js';
import { issuesFromZod } from '../../../shared/project/issues.js';
import type { reportOperations } from '../../../shared/contract/ops/report.js';
import { EvidenceInputSchema } from '../../../shared/report/evidence.js';
import { buildReport } from '../../report/build-report.js';
import { EvidenceInputError } from '../../report/evidence-document.js';
import { EvidenceFileError, readEvidenceInputFile } from '../../report/evidence-input-file.js';
import { IdentityError } from '../../report/identity/p12.js';
import type { ProductStoreFactory } from '../../report/identity/resolve-identity.js';
import { resolveIdentity } from '../../report/identity/resolve-identity.js';
import { SecretInReportError } from '../../report/secret-scan.js';
import { verifyReport } from '../../report/verify/verify-report.js';
import { OutputFolderError } from '../../report/write-bundle-dir.js';
import type { PromptBroker } from '../prompt-broker.js';

type Ops = typeof reportOperations;
/** The report handlers, typed from their contract entries. */
export type ReportHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

/** What the report handlers need from the engine and its front end. */
export interface ReportHandlerDeps {
  readonly ask: PromptBroker['ask'];
  /** The desktop app keeps the product identity in Electron safeStorage; absent: the passphrase-protected file. */
  readonly productStore?: ProductStoreFactory;
}

/** Creates the handlers of `report.build` and `report.verify`. */
export function createReportHandlers(deps: ReportHandlerDeps): ReportHandlers {
  return {
    // knownSecrets defaults here too: a direct caller (not through dispatch) may leave it out.
    'report.build': async ({ evidencePath, evidence: inline, outDir, identity, knownSecrets = [] }) =>
      asApiErrors(async () => {
        const evidence = await evidenceOf(evidencePath, inline);
        // The engineer named in the evidence is the one the product identity must belong to.
        const parsed = EvidenceInputSchema.safeParse(evidence);
        if (!parsed.success) throw new EvidenceInputError(issuesFromZod(parsed.error));
        const resolved = await resolveIdentity(
          identity,
          parsed.data.engineer.name,
          async ({ path }) => (await deps.ask<'passphrase'>({ kind: 'passphrase', keyPath: path })).secret,
          deps.productStore,
        );
        const built = await buildReport({
          evidence,
          signer: resolved.identity,
          outDir,
          knownSecrets: [...knownSecrets, ...resolved.passphrases],
        });
        return { ...built, files: [...built.files], identityCreated: resolved.created, warnings: [...resolved.warnings] };
      }),
    'report.verify': async ({ path }) =>
      asApiErrors(async () => {
        try {
          return await verifyReport(path);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiError({ code: 'not-found', message: `${path} not found` });
          throw error;
        }
      }),
  };
}

// Exactly one source: the contract refuses both or neither, and a direct caller gets the same answer.
async function evidenceOf(path: string | undefined, inline: unknown): Promise<unknown> {
  if ((path === undefined) === (inline === undefined)) {
    throw new ApiError({
      code: 'invalid-input',
      message: 'expected exactly one of evidencePath (an evidence input file) or evidence (the evidence input itself)',
    });
  }
  return path === undefined ? inline : readEvidenceInputFile(path);
}

/** Turns the report's own errors into the contract's codes; their messages are already meant for people. */
export async function asApiErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error instanceof EvidenceInputError)
      throw new ApiError({ code: 'invalid-input', message: error.message, issues: [...error.issues] });
    if (error instanceof EvidenceFileError)
      throw new ApiError({ code: error.notFound ? 'not-found' : 'invalid-input', message: error.message });
    if (error instanceof IdentityError || error instanceof SecretInReportError)
      throw new ApiError({ code: 'invalid-input', message: error.message });
    if (error instanceof OutputFolderError) throw new ApiError({ code: 'io', message: error.message });
    throw error;
  }
}
