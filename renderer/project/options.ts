import type { Auth } from '../../shared/project/schema.js';
import { OsSchema, PrivilegeSchema } from '../../shared/project/schema.js';
import { missingCase } from '../../shared/util/missing-case.js';

/** SSH authentication methods, as offered in the instance row. */
export const AUTH_METHODS = ['password', 'key', 'agent', 'keyboard-interactive'] as const satisfies readonly Auth['method'][];
/** Operating systems of a host. */
export const OS_OPTIONS = OsSchema.options;
/** Every privilege method. */
export const PRIVILEGE_OPTIONS = PrivilegeSchema.options;
/** Privilege methods valid for each OS (the schema refuses any other pairing). */
export const PRIVILEGES_BY_OS = {
  linux: PrivilegeSchema.options.filter((p) => p !== 'administrator'),
  windows: PrivilegeSchema.options.filter((p) => p === 'administrator'),
} as const;

/** Maps a select's string value back onto the option it came from, so no cast is needed. */
export function pick<T extends string>(options: readonly T[], value: string): T | undefined {
  return options.find((option) => option === value);
}

/** The auth object for a method; a key path is kept only for the key method. */
export function authFor(method: Auth['method'], keyPath: string): Auth {
  switch (method) {
    case 'key':
      return { method, keyPath };
    case 'agent':
    case 'password':
    case 'keyboard-interactive':
      return { method };
    default:
      return missingCase(method);
  }
}
