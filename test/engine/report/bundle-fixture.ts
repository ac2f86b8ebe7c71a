// Builds real bundles into temporary folders and copies them for tampering.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuiltReport } from '../../../engine/report/build-report.js';
import { buildReport } from '../../../engine/report/build-report.js';
import type { SigningIdentity } from '../../../engine/report/identity/signing-identity.js';

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ctha-report-${prefix}-`));
}

/** Builds a bundle into a new folder under a fresh temporary folder. */
export async function makeBundle(
  evidence: unknown,
  signer: SigningIdentity,
  options: { now?: Date; knownSecrets?: readonly string[] } = {},
): Promise<BuiltReport> {
  const now = options.now;
  return buildReport({
    evidence,
    signer,
    outDir: join(tempDir('bundle'), 'bundle'),
    ...(options.knownSecrets ? { knownSecrets: options.knownSecrets } : {}),
    ...(now ? { now: () => now } : {}),
  });
}

/** A copy of a bundle folder to tamper with. */
export function copyBundle(dir: string): string {
  const copy = join(tempDir('copy'), 'bundle');
  cpSync(dir, copy, { recursive: true });
  return copy;
}
