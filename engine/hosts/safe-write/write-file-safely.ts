// writeFileSafely: replace a host file's bytes so that at every moment the file is either wholly old
// or wholly new, a verified backup exists first, and any failure names its step (DESIGN.md 3, Apply).
import { HostError, failureReason } from '../dialect/errors.js';
import { sha256Hex } from '../dialect/digest.js';
import type { CallOptions, FileFacts, HostDialect } from '../dialect/types.js';
import { freeBackupPath, tempName } from './names.js';
import { ensureOriginal, removeTemporaries } from './recovery.js';
import { SafeWriteError } from './safe-write-error.js';
import { StepFailure, StepLog } from './step-log.js';
import type { OriginalState, SafeWriteOptions, SafeWriteResult } from './types.js';
import { expectDigest, expectModeAndOwner } from './verify.js';

// What a failure needs to know to clean up and to say where things stand.
interface Progress {
  created: string[];
  backupPath?: string;
  backupVerified: boolean;
  beforeSha256?: string;
  renameStarted: boolean;
}

/**
 * read (and refuse a stale plan) → backup beside the file (same mode, digest checked) → upload to a
 * temp name (Linux: staged in the home folder, then installed as root into the target's folder with
 * its mode and owner) → digest checked → rename over the target → final digest checked.
 */
export async function writeFileSafely(
  dialect: HostDialect,
  path: string,
  newBytes: Buffer,
  options: SafeWriteOptions = {},
): Promise<SafeWriteResult> {
  const target = dialect.paths.check(path);
  const call: CallOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const log = new StepLog(options.onStep);
  const progress: Progress = { created: [], backupVerified: false, renameStarted: false };
  try {
    return await runSteps(dialect, target, newBytes, options, call, log, progress);
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    let original: OriginalState = 'untouched';
    if (progress.renameStarted && progress.backupVerified && progress.backupPath && progress.beforeSha256) {
      original = await ensureOriginal(dialect, target, progress.backupPath, progress.beforeSha256, call);
    }
    const leftovers = await removeTemporaries(dialect, progress.created, call);
    throw new SafeWriteError({
      path: target,
      step: error.step,
      reason: failureReason(error.cause),
      original,
      backupPath: progress.backupPath,
      backupVerified: progress.backupVerified,
      leftovers,
      steps: log.records,
      cause: error.cause,
    });
  }
}

async function runSteps(
  dialect: HostDialect,
  target: string,
  newBytes: Buffer,
  options: SafeWriteOptions,
  call: CallOptions,
  log: StepLog,
  progress: Progress,
): Promise<SafeWriteResult> {
  const { paths } = dialect;
  const afterSha256 = sha256Hex(newBytes);
  const { bytes, facts } = await log.run(
    'read',
    async () => {
      const found: FileFacts | undefined = await dialect.fileFacts(target, call);
      if (!found) throw new HostError('not-found', `${target} does not exist (a safe write replaces an existing file)`, 'not-found');
      return { facts: found, bytes: await dialect.readFile(target, call) };
    },
    (read) =>
      `${read.bytes.length} bytes${read.facts.mode === undefined ? '' : `, mode ${read.facts.mode.toString(8)}, owner ${read.facts.uid}:${read.facts.gid}`}`,
  );
  const beforeSha256 = sha256Hex(bytes);
  progress.beforeSha256 = beforeSha256;
  const expected = options.expectedSha256?.toLowerCase();
  if (expected === undefined) log.skip('stale', 'no expected digest given');
  else {
    await log.run(
      'stale',
      () => {
        if (expected !== beforeSha256)
          return Promise.reject(
            new HostError(
              'verification-failed',
              `${target} changed since it was read for the plan: expected sha256 ${expected}, found ${beforeSha256}`,
              'stale',
            ),
          );
        return Promise.resolve();
      },
      () => 'the file is as the plan read it',
    );
  }
  const unchanged = (): SafeWriteResult => ({
    path: target,
    changed: false,
    backupPath: undefined,
    beforeSha256,
    afterSha256,
    replacedBy: undefined,
    steps: log.records,
  });
  if (beforeSha256 === afterSha256) return unchanged();

  const backupPath = await log.run(
    'backup',
    async () => {
      progress.backupPath = await freeBackupPath(dialect, target, (options.now ?? (() => new Date()))(), call);
      await dialect.copyFile(target, progress.backupPath, call);
      await expectDigest(dialect, progress.backupPath, beforeSha256, call);
      await expectModeAndOwner(dialect, progress.backupPath, facts, call);
      progress.backupVerified = true;
      return progress.backupPath;
    },
    (backup) => backup,
  );

  const temp = paths.join(paths.dirname(target), tempName(paths.basename(target)));
  const staged = await log.run(
    'upload',
    async () => {
      const where = await dialect.stagingPathFor(temp, call);
      progress.created.push(where);
      await dialect.upload(where, newBytes, call);
      return where;
    },
    (where) => `${newBytes.length} bytes to ${where}`,
  );
  await log.run(
    'verify-upload',
    () => expectDigest(dialect, staged, afterSha256, call),
    () => `sha256 ${afterSha256}`,
  );
  if (staged === temp) log.skip('install', 'uploaded beside the target');
  else {
    await log.run(
      'install',
      async () => {
        progress.created.push(temp);
        await dialect.install(staged, temp, facts, call);
        await expectDigest(dialect, temp, afterSha256, call);
      },
      () => temp,
    );
  }

  const replacedBy = await log.run(
    'rename',
    async () => {
      // Narrow the stale window: someone may have saved the file while we uploaded.
      await expectDigest(dialect, target, beforeSha256, call, 'stale');
      progress.renameStarted = true;
      return dialect.replace(temp, target, call);
    },
    (how) => how,
  );
  progress.created = progress.created.filter((created) => created !== temp);
  await log.run(
    'verify-final',
    async () => {
      await expectDigest(dialect, target, afterSha256, call);
      await expectModeAndOwner(dialect, target, facts, call);
    },
    () => `sha256 ${afterSha256}`,
  );
  // The staging copy in the home folder is no longer needed; failing to remove it is not a failed write.
  await removeTemporaries(dialect, progress.created, call);
  return { path: target, changed: true, backupPath, beforeSha256, afterSha256, replacedBy, steps: log.records };
}
