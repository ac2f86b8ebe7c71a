// The engine's handlers of `session.read|save|clear` (contract: shared/contract/ops/session.ts).
import { stat, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { z } from 'zod';
import type { sessionOperations } from '../../../shared/contract/ops/session.js';
import { ApiError } from '../../../shared/contract/errors.js';
import { OWNER_ONLY_MODE, writeFileAtomic } from '../../util/atomic-write.js';
import { readSessionFile, sessionFilePath, sessionFileText } from './session-file.js';

type Ops = typeof sessionOperations;
/** The session handlers, typed from their contract entries. */
export type SessionHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

/**
 * Creates the handlers that read, save and clear the wizard session beside a project: saved atomically and
 * owner-only (0600 exactly, also over an older file), refused when it holds a secret, read back with a
 * `problem` instead of an error when the file is malformed or foreign.
 */
export function createSessionHandlers(): SessionHandlers {
  return {
    'session.read': async ({ projectPath }) => readSessionFile(projectPath),
    'session.save': async ({ projectPath, session }) => {
      const project = resolve(projectPath);
      // Beside a project that is not there, a session would resume nothing; a typo must not scatter files.
      const info = await stat(project).catch(() => undefined);
      if (info === undefined || !info.isFile())
        throw new ApiError({ code: 'not-found', message: `no project file at ${project}; the session is saved beside its project` });
      const text = sessionFileText(project, session);
      const path = sessionFilePath(project);
      try {
        await writeFileAtomic(path, text, { mode: OWNER_ONLY_MODE });
      } catch (error) {
        throw new ApiError({ code: 'io', message: `cannot write the session to ${path}: ${(error as Error).message}` });
      }
      return { path, bytes: Buffer.byteLength(text, 'utf8') };
    },
    'session.clear': async ({ projectPath }) => {
      const path = sessionFilePath(projectPath);
      try {
        await unlink(path);
        return { path, removed: true };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return { path, removed: false };
        throw new ApiError({ code: 'io', message: `cannot remove the session ${path}: ${code ?? (error as Error).message}` });
      }
    },
  };
}
