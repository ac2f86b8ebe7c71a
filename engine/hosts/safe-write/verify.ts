// Read-back checks of a safe write: the digest on the host, and the mode and owner on Linux.
import { HostError } from '../dialect/errors.js';
import type { FailureReason } from '../dialect/errors.js';
import type { CallOptions, FileFacts, HostDialect } from '../dialect/types.js';

/** Throws 'verification-failed' unless the host computes `expected` for `path`. */
export async function expectDigest(
  dialect: HostDialect,
  path: string,
  expected: string,
  options: CallOptions,
  reason: FailureReason = 'digest-mismatch',
): Promise<void> {
  const actual = await dialect.sha256(path, options);
  if (actual !== expected) throw new HostError('verification-failed', `${path} has sha256 ${actual}, expected ${expected}`, reason);
}

/** Throws 'verification-failed' unless `path` has `like`'s mode and owner (nothing to compare on Windows). */
export async function expectModeAndOwner(dialect: HostDialect, path: string, like: FileFacts, options: CallOptions): Promise<void> {
  if (like.mode === undefined) return;
  const facts = await dialect.fileFacts(path, options);
  const describe = (f: FileFacts | undefined): string =>
    f ? `mode ${f.mode?.toString(8) ?? '?'} owner ${f.uid ?? '?'}:${f.gid ?? '?'}` : 'missing';
  if (!facts || facts.mode !== like.mode || facts.uid !== like.uid || facts.gid !== like.gid) {
    throw new HostError('verification-failed', `${path} has ${describe(facts)}, expected ${describe(like)}`, 'digest-mismatch');
  }
}
