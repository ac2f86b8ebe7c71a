import { z } from 'zod';

/** Why an operation failed, as a code a front end can branch on. */
export const ApiErrorCodeSchema = z.enum([
  'unknown-operation',
  'invalid-input',
  'invalid-project',
  'not-found',
  'io',
  'cancelled',
  'internal',
]);

/** A failed operation as it crosses IPC or the WebSocket: plain data, no stack. */
export const ApiErrorDataSchema = z.object({
  code: ApiErrorCodeSchema,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Error codes of the contract. */
export type ApiErrorCode = z.output<typeof ApiErrorCodeSchema>;
/** Serialisable form of an ApiError. */
export type ApiErrorData = z.output<typeof ApiErrorDataSchema>;

/** An operation's specific failure; the engine throws it and every front end receives it intact. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiErrorData['issues'];

  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    this.issues = data.issues;
  }

  /** The plain-data form that crosses process boundaries. */
  toData(): ApiErrorData {
    return this.issues === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, issues: this.issues };
  }
}
