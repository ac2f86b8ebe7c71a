import type { ApiErrorData } from './errors.js';

/** The result of one call as it crosses a process boundary: a value or an error, never a thrown exception. */
export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorData };
