import { z } from 'zod';
import { PrecheckResultSchema } from '../prechecks/catalogue.js';
import { PinnedHostKeySchema, ProjectSchema } from '../project/schema.js';
import { PromptAnswerSchema } from './events.js';
import { auditOperations } from './ops/audit.js';
import { planApplyOperations } from './ops/plan-apply.js';
import { probeOperations } from './ops/probe.js';
import { balancerImportOperations } from './ops/balancer-import.js';
import { hostKeyOperations } from './ops/hostkeys.js';
import { reportOperations } from './ops/report.js';
import { reportRunOperations } from './ops/report-run.js';
import { statementOperations } from './ops/statements.js';
import { fileOperations } from './ops/files.js';
import { credentialOperations } from './ops/credentials.js';
import { sessionOperations } from './ops/session.js';
import { runControlOperations } from './ops/run-control.js';
import type { OperationName } from './operation-names.js';

const issue = z.object({ path: z.string(), message: z.string() });
const filePath = z.string().trim().min(1, { error: 'expected a file path' });

/** Every operation the engine offers its front ends: input and output schema by name. */
export const operations = {
  /** What this engine is and which project it was started with. */
  'app.info': {
    input: z.object({}),
    output: z.object({
      name: z.string(),
      version: z.string(),
      /** Which front end created this engine: the desktop window, `ctha ui`'s browser page, or a `ctha` command. */
      frontEnd: z.enum(['electron', 'browser', 'cli']),
      initialProjectPath: z.string().optional(),
    }),
  },
  /** Validates the text of a project file without touching the disk. */
  'project.validate': {
    input: z.object({ text: z.string().max(1_000_000) }),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), project: ProjectSchema }),
      z.object({ ok: z.literal(false), issues: z.array(issue) }),
    ]),
  },
  /** Reads and validates a project file; an invalid file fails with `invalid-project` and its issues. */
  'project.open': {
    input: z.object({ path: filePath }),
    output: z.object({ path: z.string(), project: ProjectSchema, sha256: z.string() }),
  },
  /** Validates and writes a project file atomically; nothing is written when it is invalid. */
  'project.save': {
    input: z.object({ path: filePath, project: z.unknown() }),
    output: z.object({ path: z.string(), sha256: z.string(), bytes: z.number().int() }),
  },
  /**
   * Runs the pre-checks of the project file on every instance; new host keys go through one
   * host-key-review prompt, passwords through password prompts; accepted keys are pinned into the file.
   */
  'prechecks.run': {
    input: z.object({ path: filePath }),
    output: z.object({
      results: z.array(PrecheckResultSchema),
      pinned: z.array(PinnedHostKeySchema),
      projectSaved: z.boolean(),
      /** The run's remote operations, secrets redacted (engine/ssh/transcript/entry.ts TranscriptEntry). */
      transcript: z.array(z.looseObject({ instance: z.string(), kind: z.string(), op: z.string() })).optional(),
    }),
  },
  /** Answers a prompt the engine raised (host keys, password, passphrase). */
  'prompt.answer': {
    input: z.object({ promptId: z.string(), answer: PromptAnswerSchema }),
    output: z.object({ accepted: z.boolean() }),
  },
  ...auditOperations,
  ...planApplyOperations,
  ...probeOperations,
  ...reportOperations,
  ...reportRunOperations,
  ...hostKeyOperations,
  ...balancerImportOperations,
  ...statementOperations,
  ...fileOperations,
  ...credentialOperations,
  ...sessionOperations,
  ...runControlOperations,
} as const satisfies Record<OperationName, { input: z.ZodType; output: z.ZodType }>;

export type { OperationName } from './operation-names.js';
/** What an operation takes, as the caller writes it. */
export type OperationInput<K extends OperationName> = z.input<(typeof operations)[K]['input']>;
/** What an operation takes after validation. */
export type ParsedInput<K extends OperationName> = z.output<(typeof operations)[K]['input']>;
/** What an operation returns. */
export type OperationOutput<K extends OperationName> = z.output<(typeof operations)[K]['output']>;
