import type { CthaApi } from '../../shared/contract/api.js';
import type { Prompt, PromptAnswer } from '../../shared/contract/events.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import type { DeepReadonly } from './readonly.js';
import { describeError } from './errors.js';

/** Questions the engine is waiting on. Answers (passwords included) pass through, never into state. */
export type PromptSlice = Readonly<{
  prompts: readonly DeepReadonly<Prompt>[];
  /** Subscribes to engine prompts (and, through the progress slice, progress and transcript events); returns the unsubscribe function. */
  listenForPrompts: () => () => void;
  answerPrompt: (promptId: string, answer: PromptAnswer) => Promise<void>;
  /** Empties the engine's memory of SSH login passwords (`credentials.forget`) and says how many it held. */
  forgetCredentials: () => Promise<void>;
  /** Whether SSH passwords are also kept on this computer (desktop only, off by default); undefined until asked. */
  rememberCredentials: Readonly<{ available: boolean; enabled: boolean; reason?: string }> | undefined;
  /** Reads (no argument) or sets that choice through `credentials.remember`. */
  setRememberCredentials: (enabled?: boolean) => Promise<void>;
}>;

// `credentials.forget` as the client offers it once the contract lists it (shared/contract/ops/credentials.ts).
type ForgetOperation = (input: Record<string, never>) => Promise<{ forgotten: number }>;

/** Creates the prompt slice over the API's event stream. */
export function createPromptSlice(api: CthaApi): StateCreator<AppState, [], [], PromptSlice> {
  return (set, get) => {
    const drop = (promptId: string): void => set({ prompts: get().prompts.filter((prompt) => prompt.promptId !== promptId) });
    return {
      prompts: [],
      listenForPrompts: () => {
        const stopPrompts = api.onEvent((event) => {
          if (event.name === 'prompt') set({ prompts: [...get().prompts, event.payload] });
          // The engine may close a prompt itself (timeout, cancelled operation): stop asking.
          else if (event.name === 'prompt.closed') drop(event.payload.promptId);
        });
        // The app starts listening to the engine here (renderer/main.tsx): progress starts with the prompts.
        const stopProgress = get().listenForProgress();
        return () => {
          stopPrompts();
          stopProgress();
        };
      },
      answerPrompt: async (promptId, answer) => {
        drop(promptId);
        try {
          const { accepted } = await api['prompt.answer']({ promptId, answer });
          if (!accepted) set({ notice: { kind: 'error', text: 'The engine no longer waits for that answer' } });
        } catch (error) {
          set({ notice: { kind: 'error', text: describeError(error).message } });
        }
      },
      forgetCredentials: async () => {
        const forget = (api as unknown as { readonly 'credentials.forget'?: ForgetOperation })['credentials.forget'];
        if (forget === undefined) {
          set({ notice: { kind: 'error', text: 'This engine cannot forget credentials (no credentials.forget operation)' } });
          return;
        }
        try {
          const { forgotten } = await forget({});
          set({
            notice: {
              kind: 'success',
              text:
                forgotten === 0
                  ? 'No password was remembered'
                  : `Forgot the remembered passwords (${forgotten} entr${forgotten === 1 ? 'y' : 'ies'}); the next login asks again`,
            },
          });
        } catch (error) {
          set({ notice: { kind: 'error', text: describeError(error).message } });
        }
      },
      rememberCredentials: undefined,
      setRememberCredentials: async (enabled) => {
        try {
          set({ rememberCredentials: await api['credentials.remember'](enabled === undefined ? {} : { enabled }) });
        } catch (error) {
          set({ notice: { kind: 'error', text: describeError(error).message } });
        }
      },
    };
  };
}
