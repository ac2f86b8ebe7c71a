// A file's digest on the host, with "no file" as a value rather than an error.
import type { HostDialect } from '../../hosts/dialect/index.js';
import { failureReason } from '../../hosts/dialect/index.js';

/** The host's SHA-256 of a file, or null when it does not exist. */
export async function currentSha256(dialect: HostDialect, path: string): Promise<string | null> {
  try {
    return await dialect.sha256(path);
  } catch (error) {
    if (failureReason(error) === 'not-found') return null;
    throw error;
  }
}
