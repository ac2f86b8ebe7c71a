/** A mistake in how the command was called; reported with the usage hint and exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
