import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The config's SHA-256 "as installed", for fault refuse-start. The first controller created for an
 * instance records it in stateDir; every later one (another process, a `systemctl` stand-in) reads
 * that record, so edits made in between are detected however many processes come and go.
 * Undefined while the config does not exist yet; the next call records it then.
 */
export function configBaseline(configPath: string, baselineFile: string): string | undefined {
  const recorded = readRecorded(baselineFile);
  if (recorded !== undefined) return recorded;
  let bytes: Buffer;
  try {
    bytes = readFileSync(configPath);
  } catch {
    return undefined;
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(dirname(baselineFile), { recursive: true });
  try {
    // 'wx': when two processes race, the first record wins and both use it.
    writeFileSync(baselineFile, `${hash}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readRecorded(baselineFile) ?? hash;
    throw error;
  }
  return hash;
}

function readRecorded(baselineFile: string): string | undefined {
  try {
    const text = readFileSync(baselineFile, 'utf8').trim().toLowerCase();
    return /^[0-9a-f]{64}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
