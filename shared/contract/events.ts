import { z } from 'zod';

const hostKeyCandidate = z.object({
  instance: z.string(),
  host: z.string(),
  port: z.number().int(),
  keyType: z.string(),
  fingerprint: z.string(),
  /** `new`: never seen; `changed`: differs from the pinned key, which is a hard stop and cannot be accepted here. */
  status: z.enum(['new', 'changed']),
  pinnedFingerprint: z.string().optional(),
  /** Present when the host is the project's Balancer rather than an instance (the CLI's `--accept-host-key balancer=...`). */
  role: z.literal('balancer').optional(),
});

/**
 * One accepted key exactly as the review showed it: a key is trusted only for the instance and
 * endpoint it was shown with, so two cloned hosts presenting the same key are two separate answers.
 */
const hostKeyTuple = z.strictObject({
  instance: z.string(),
  host: z.string(),
  port: z.number().int(),
  keyType: z.string(),
  fingerprint: z.string(),
});

/** An accepted host key as a review answer lists it. */
export type HostKeyTuple = z.output<typeof hostKeyTuple>;

/** The (instance, host, port, key type, fingerprint) tuple of a shown key, as a review answer lists it. */
export function hostKeyTupleOf(key: HostKeyTuple): HostKeyTuple {
  return { instance: key.instance, host: key.host, port: key.port, keyType: key.keyType, fingerprint: key.fingerprint };
}

/** A question the engine needs a person to answer; the front end shows it and replies with `prompt.answer`. */
export const PromptSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('host-key-review'),
    promptId: z.string(),
    keys: z.array(hostKeyCandidate),
    /** The cluster run that asks: Cancel on the run (run.cancel) closes this review too, refusing its keys. */
    runId: z.string().optional(),
  }),
  /** `rest`: the CyberTrace REST API login of the requirement 3 spot-check (one password for every instance). */
  z.object({
    kind: z.literal('password'),
    promptId: z.string(),
    instance: z.string(),
    user: z.string(),
    host: z.string(),
    purpose: z.enum(['ssh', 'sudo', 'rest']),
    /** Set when the server refused the password just tried for this user@host: its refusal, shown at the field; the host is re-asked alone. */
    retryReason: z.string().optional(),
    /** The cluster run that asks (one Cancel cancels every prompt of that run). */
    runId: z.string().optional(),
  }),
  z.object({ kind: z.literal('passphrase'), promptId: z.string(), keyPath: z.string(), runId: z.string().optional() }),
  /** HTTPS certificates of instances nobody pinned yet (REST spot-check); the person accepts fingerprints they checked out of band. */
  z.object({
    kind: z.literal('certificate-review'),
    promptId: z.string(),
    certificates: z.array(
      z.object({
        instance: z.string(),
        host: z.string(),
        port: z.number().int(),
        fingerprint: z.string(),
        subject: z.string(),
        issuer: z.string(),
        validFrom: z.string(),
        validTo: z.string(),
      }),
    ),
  }),
  /**
   * One round of an SSH server's keyboard-interactive questions (RFC 4256) that the password alone
   * cannot answer, e.g. a one-time code after the password. `name` and `instructions` are the
   * server's text (either may be empty); `echo: false` answers must be masked. `round` counts this
   * login's rounds from 1.
   */
  z.object({
    kind: z.literal('kbd-interactive'),
    promptId: z.string(),
    instance: z.string(),
    user: z.string(),
    host: z.string(),
    name: z.string(),
    instructions: z.string(),
    prompts: z.array(z.object({ prompt: z.string(), echo: z.boolean() })).min(1),
    round: z.number().int().min(1),
    runId: z.string().optional(),
  }),
]);

/** The answer to a prompt; `cancel` aborts the operation that asked. Secrets stay in memory only. */
export const PromptAnswerSchema = z.discriminatedUnion('kind', [
  /** Only the keys whose exact tuple is listed are trusted; a fingerprint alone accepts nothing. */
  z.object({ kind: z.literal('host-key-review'), acceptedKeys: z.array(hostKeyTuple) }),
  /**
   * `scope` (SSH login passwords only): `host` (default) remembers it for this user@host for the engine's life; `user`
   * also answers every other host asked with the same user, until a host refuses it.
   */
  z.object({ kind: z.literal('password'), secret: z.string(), scope: z.enum(['host', 'user']).optional() }),
  z.object({ kind: z.literal('passphrase'), secret: z.string() }),
  z.object({ kind: z.literal('certificate-review'), acceptedFingerprints: z.array(z.string()) }),
  /** One answer per prompt, in order; every answer is treated as a secret (never logged, redacted). */
  z.object({ kind: z.literal('kbd-interactive'), answers: z.array(z.string()) }),
  z.object({ kind: z.literal('cancel') }),
]);

/** Every event the engine sends to a front end, by name, with its payload schema. */
export const eventSchemas = {
  prompt: PromptSchema,
  'prompt.closed': z.object({ promptId: z.string(), reason: z.enum(['answered', 'cancelled', 'timeout']) }),
  log: z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string(), time: z.string() }),
  /**
   * Where a cluster run is: one event per step of the run (no `instance`) or of one instance, as it
   * starts, ends or fails. `runId` names the run (one operation call); `done`/`total` count the run's
   * instances (or a step's items) when known. Front ends draw live progress from these alone.
   */
  progress: z.object({
    runId: z.string(),
    instance: z.string().optional(),
    step: z.string(),
    state: z.enum(['started', 'done', 'failed']),
    detail: z.string().optional(),
    done: z.number().int().nonnegative().optional(),
    total: z.number().int().nonnegative().optional(),
    time: z.string(),
  }),
  /**
   * One remote operation of a run as the transcript recorded it; `command` and `error` are already redacted.
   * An exec gives its command line and exit status (null: none, e.g. a lost connection); a connect or an
   * SFTP operation reads `connect host:port` / `sftp read /path` with exit 0 on success and null on failure.
   */
  transcript: z.object({
    runId: z.string(),
    instance: z.string(),
    kind: z.enum(['connect', 'exec', 'sftp']).optional(),
    command: z.string(),
    exit: z.number().int().nullable(),
    ms: z.number().nonnegative(),
    error: z.string().optional(),
  }),
} as const;

/** Name of an engine event. */
export type EventName = keyof typeof eventSchemas;
/** Payload of an engine event. */
export type EventPayload<E extends EventName> = z.output<(typeof eventSchemas)[E]>;
/** Any engine event, tagged by name. */
export type EngineEvent = { [E in EventName]: { readonly name: E; readonly payload: EventPayload<E> } }[EventName];
/** A progress event's payload. */
export type ProgressEvent = EventPayload<'progress'>;
/** A transcript event's payload. */
export type TranscriptEvent = EventPayload<'transcript'>;
/** A prompt event's payload. */
export type Prompt = z.output<typeof PromptSchema>;
/** An answer to a prompt. */
export type PromptAnswer = z.output<typeof PromptAnswerSchema>;

/** Checks an event against its schema; returns undefined for anything malformed or unknown. */
export function parseEngineEvent(value: unknown): EngineEvent | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { name, payload } = value as { name?: unknown; payload?: unknown };
  if (typeof name !== 'string' || !Object.hasOwn(eventSchemas, name)) return undefined;
  const result = eventSchemas[name as EventName].safeParse(payload);
  return result.success ? ({ name, payload: result.data } as EngineEvent) : undefined;
}
