// The chaos run's invariants, as a pure check over what the hosts hold and what the product reported.
import type { InstanceApplyResult } from '../../shared/plan/apply-report.js';
import type { PlannedChange } from '../../shared/plan/plan-document.js';

/** One broken promise, named precisely enough to find it. */
export interface Violation {
  readonly instance: string;
  readonly kind:
    'foreign-bytes' | 'stray-file' | 'missing-backup' | 'bad-backup' | 'report-mismatch' | 'no-pong' | 'journal-pending' | 'apply-error';
  readonly path?: string;
  readonly detail: string;
}

/** A host's files by host path (normalised with `pathKey`): SHA-256 of each file's bytes. */
export type HostFiles = ReadonlyMap<string, string>;

/** What one instance looked like around an apply, and what the product said about it. */
export interface InstanceEvidence {
  readonly instance: string;
  readonly os: 'linux' | 'windows';
  /** Every file of the host before the apply. */
  readonly before: HostFiles;
  /** Every file of the host now. */
  readonly after: HostFiles;
  /** The plan's changes of this instance. */
  readonly changes: readonly Pick<PlannedChange, 'path' | 'kind' | 'afterSha256' | 'newPath'>[];
  /** Each apply run's result for this instance, oldest first, with the host's files just before and after that run. */
  readonly runs: readonly ApplyRunEvidence[];
  /** Whether the service answered PONG at the end (undefined: not asked at this point). */
  readonly pong?: boolean;
}

/** One apply run as seen on one instance. */
export interface ApplyRunEvidence {
  readonly result: InstanceApplyResult;
  readonly before: HostFiles;
  readonly after: HostFiles;
}

/** The key a host path is compared by: Windows paths are case-insensitive and take either slash. */
export function pathKey(os: 'linux' | 'windows', path: string): string {
  return os === 'windows'
    ? path
        .replace(/\//g, '\\')
        .replace(/^\\(?=[A-Za-z]:)/, '')
        .toLowerCase()
    : path;
}

const BACKUP_MARK = '.ctha-backup-';

/**
 * Checks one instance: every file holds its original bytes or exactly the planned ones (nothing else
 * changed, appeared or vanished, no half-written file); a backup with the original bytes exists, and
 * a result names it, wherever a write began (a failed backup copy the report discloses goes to `notes`); every file a result calls written holds the planned
 * bytes and every restored or not-written one its original bytes; the service answers when asked.
 */
export function checkInstance(evidence: InstanceEvidence, notes: string[] = []): Violation[] {
  const { instance, os, before, after } = evidence;
  const key = (path: string): string => pathKey(os, path);
  const out: Violation[] = [];
  const add = (kind: Violation['kind'], detail: string, path?: string): void =>
    void out.push({ instance, kind, detail, ...(path === undefined ? {} : { path }) });
  const allFiles = evidence.runs.flatMap(({ result }) => [...result.files, ...(result.resumed?.files ?? [])]);
  const disclosedUnverified = new Set(
    allFiles
      .filter((file) => file.status === 'not-written' && file.backupPath !== undefined && /unverified|incomplete/i.test(file.detail ?? ''))
      .map((file) => key(file.backupPath ?? '')),
  );
  // Changes by path, in plan order: a licence key may be set aside and a reference key copied to its name.
  const planned = new Map<string, InstanceEvidence['changes'][number][]>();
  for (const change of evidence.changes) planned.set(key(change.path), [...(planned.get(key(change.path)) ?? []), change]);
  const asideTargets = new Map(
    evidence.changes
      .filter((change) => change.kind === 'set-aside' && change.newPath !== undefined)
      .map((change) => [key(change.newPath ?? ''), change]),
  );
  // What a path holds once its changes are done up to each point (the last is the planned state).
  const stages = (path: string): (string | undefined)[] =>
    (planned.get(path) ?? []).map((change) => (change.kind === 'set-aside' ? undefined : change.afterSha256));
  const plannedEnd = (path: string): string | undefined => stages(path).at(-1);

  // 1. Every path: original, planned, or a backup of a planned file holding that file's original bytes.
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(path);
    const now = after.get(path);
    if (was === now) continue;
    if (planned.has(path)) {
      if (!stages(path).includes(now))
        add(
          'foreign-bytes',
          `holds ${describe(now)}: neither the original (${describe(was)}) nor the planned ${describe(plannedEnd(path))}`,
          path,
        );
      continue;
    }
    const aside = asideTargets.get(path);
    if (aside) {
      if (now !== undefined && now !== before.get(key(aside.path)))
        add('foreign-bytes', `set-aside copy holds ${describe(now)}, not the original of ${aside.path}`, path);
      continue;
    }
    const backupOf = backupTarget(path);
    if (backupOf !== undefined && was === undefined && planned.has(backupOf)) {
      if (now === before.get(backupOf)) continue;
      // A backup copy that failed (disk full, a dropped connection) before the target was touched, and
      // that the report names as left behind unverified: disclosed, so a note rather than a violation.
      if (disclosedUnverified.has(path))
        notes.push(`${instance}: unverified backup left at ${path} (disclosed in the report; the original was not touched)`);
      else add('bad-backup', `backup holds ${describe(now)}, not the original ${describe(before.get(backupOf))}`, path);
      continue;
    }
    add(
      'stray-file',
      was === undefined
        ? `appeared (${describe(now)}) though no change planned it`
        : now === undefined
          ? 'vanished though no change planned it'
          : `changed (${describe(was)} → ${describe(now)}) though no change planned it`,
      path,
    );
  }

  // 2. A write began → a result names a backup, which is on the host with the original bytes.
  for (const change of evidence.changes) {
    if (change.kind !== 'edit') continue;
    const path = key(change.path);
    const original = before.get(path);
    const files = allFiles.filter((file) => key(file.path) === path);
    // The target's own bytes were (or may have been) replaced: a backup copy that failed first is not a write.
    const began = after.get(path) !== original || files.some((file) => file.status !== 'not-written');
    if (!began || original === undefined) continue;
    const named = files.map((file) => file.backupPath).filter((backup): backup is string => backup !== undefined);
    if (named.length === 0) {
      add('missing-backup', 'a write began but no result names a backup', change.path);
      continue;
    }
    if (!named.some((backup) => after.get(key(backup)) === original))
      add('missing-backup', `the named backup ${named.join(', ')} is not on the host with the original bytes`, change.path);
  }

  // 3. Each run's result describes what that run left: written → planned bytes (a set-aside: the original
  //    under its new name); restored → the original; not-written → what the host held when that run
  //    began; applied / rolled-back → every file so.
  for (const run of evidence.runs) {
    const { result } = run;
    for (const file of result.files) {
      const path = key(file.path);
      const shared = (planned.get(path)?.length ?? 0) > 1;
      if (file.kind === 'set-aside') {
        const moved = file.newPath === undefined ? undefined : run.after.get(key(file.newPath));
        if (file.status === 'written' && moved !== before.get(path))
          add(
            'report-mismatch',
            `${result.outcome}: reported set aside but ${file.newPath ?? '(no new path)'} holds ${describe(moved)}, not the original`,
            file.path,
          );
        if (shared) continue;
      }
      // A copy not written onto a path whose set-aside did happen: the path holds what the set-aside left.
      if (
        shared &&
        file.status === 'not-written' &&
        result.files.some((other) => key(other.path) === path && other.status !== 'not-written')
      )
        continue;
      const now = run.after.get(path);
      const expected =
        file.status === 'written'
          ? file.kind === 'set-aside'
            ? undefined
            : file.afterSha256
          : file.status === 'restored'
            ? before.get(path)
            : file.status === 'not-written'
              ? run.before.get(path)
              : 'any';
      // A set-aside followed by a copy to the same name: "written" may describe either stage.
      const ok = now === expected || (shared && file.status === 'written' && stages(path).includes(now));
      if (expected !== 'any' && !ok)
        add(
          'report-mismatch',
          `${result.outcome}: reported ${file.status} but holds ${describe(now)} (expected ${describe(expected)})`,
          file.path,
        );
    }
    if (result.outcome === 'applied' || result.outcome === 'rolled-back') {
      const wanted = result.outcome === 'applied' ? 'planned' : 'original';
      for (const path of planned.keys()) {
        const now = run.after.get(path);
        const target = wanted === 'original' ? before.get(path) : plannedEnd(path);
        if (now !== target)
          add('report-mismatch', `outcome ${result.outcome} but the file holds ${describe(now)}, not its ${wanted} bytes`, path);
      }
    }
  }
  if (evidence.pong === false) add('no-pong', 'the service does not answer X-KF-ReplyBackPING with PONG');
  return out;
}

/** For `<dir>/<name>.ctha-backup-<stamp>`: the key of `<dir>/<name>`. */
function backupTarget(path: string): string | undefined {
  const at = path.lastIndexOf(BACKUP_MARK);
  return at > 0 && /^\d{8}t\d{6}z(-\d+)?$/i.test(path.slice(at + BACKUP_MARK.length)) ? path.slice(0, at) : undefined;
}

function describe(sha: string | undefined | 'any'): string {
  return sha === undefined ? 'no file' : sha === 'any' ? 'anything' : short(sha);
}

function short(sha: string): string {
  return `sha256 ${sha.slice(0, 12)}…`;
}
