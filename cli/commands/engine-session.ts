// One command's engine, reached the way the wizard reaches it: createClient over a bridge, prompts answered as events.
import type { EngineOptions } from '../../engine/api/create-engine.js';
import { createEngine, createInProcessBridge } from '../../engine/api/create-engine.js';
import type { CthaApi } from '../../shared/contract/api.js';
import { createClient } from '../../shared/contract/client.js';
import { createProgressView } from '../progress/progress-view.js';
import { err } from '../output.js';
import type { PromptAnswerer } from './cli-run-deps.js';

/** A command's connection to its engine: the typed API, and close() once the command has its result. */
export interface EngineSession {
  readonly api: CthaApi;
  /** Stops listening to the engine and draws the progress view's last state; call before printing the result. */
  close(): void;
}

/** How a command opens its engine session. */
export interface EngineSessionOptions {
  /** The command, for messages (`ctha audit: ...`). */
  readonly command: string;
  /** Answers the engine's prompt events (passwords, host keys, one-time codes); absent: every prompt is cancelled. */
  readonly answer?: PromptAnswerer;
  /** Show the run's progress and transcript events on stderr (host-touching commands); `json` keeps stdout and stderr free of it. */
  readonly progress?: { readonly json: boolean; readonly transcript?: boolean };
  /** More engine options (the apply confirmation). */
  readonly engine?: Omit<EngineOptions, 'frontEnd'>;
}

/** How long a prompt waits for the person at the terminal before the operation is cancelled. */
const PROMPT_TIMEOUT_MS = 5 * 60_000;

/**
 * Creates the engine for one command and the client over the in-process bridge (every call validated by
 * dispatch, as over IPC or WebSocket); prompt events are answered by `answer` through `prompt.answer`,
 * progress and transcript events go to the progress view.
 */
export function openEngineSession(options: EngineSessionOptions): EngineSession {
  const engine = createEngine({ frontEnd: 'cli', promptTimeoutMs: PROMPT_TIMEOUT_MS, ...options.engine });
  const api = createClient(createInProcessBridge(engine));
  const view = options.progress === undefined ? undefined : createProgressView({ stream: process.stderr, ...options.progress });
  // The run this command's operation started (its progress events name it), for Ctrl+C.
  let runId: string | undefined;
  const unsubscribe = api.onEvent((event) => {
    if (event.name !== 'prompt') {
      if (event.name === 'progress') runId = event.payload.runId;
      view?.onEvent(event);
      return;
    }
    const prompt = event.payload;
    const reply =
      options.answer === undefined
        ? Promise.reject(new Error(`ctha ${options.command} cannot answer a ${prompt.kind} prompt`))
        : options.answer(prompt);
    void reply
      .catch((error: unknown) => {
        err(`ctha ${options.command}: ${error instanceof Error ? error.message : String(error)}`);
        return { kind: 'cancel' as const };
      })
      .then((answer) => api['prompt.answer']({ promptId: prompt.promptId, answer }))
      .catch(() => undefined);
  });
  const interrupt = interruptHandler(api, () => runId);
  process.on('SIGINT', interrupt);
  return {
    api,
    close: () => {
      process.off('SIGINT', interrupt);
      unsubscribe();
      view?.close();
    },
  };
}

/**
 * Ctrl+C while a run goes on asks the engine to stop it at its next safe point (`run.cancel`: never inside a
 * write, a stop/start or a rollback) and says so; the operation then ends with its `cancelled` error. A second
 * Ctrl+C, or one with no run to cancel, quits at once (130), unless another part of the command (the demo's lab
 * stop) listens for it too.
 */
function interruptHandler(api: CthaApi, currentRun: () => string | undefined): () => void {
  let presses = 0;
  const quit = (): void => {
    if (process.listenerCount('SIGINT') <= 1) process.exit(130);
  };
  return () => {
    presses += 1;
    const runId = currentRun();
    if (presses > 1 || runId === undefined) return quit();
    void api['run.cancel']({ runId }).then(
      ({ accepted }) => {
        if (!accepted) return quit();
        err('Cancelling: the run stops before its next host operation; a write under way finishes first (Ctrl+C again quits at once).');
      },
      () => quit(),
    );
  };
}
