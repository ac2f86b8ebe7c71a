// The chaos run's checker and dice on their own: each invariant reports its violation on a hand-made
// host state, a consistent state passes, and the PRNG and command line are deterministic and strict.
import { describe, expect, it } from 'vitest';
import { parseChaosArgs } from '../../lab/chaos/chaos-args.js';
import { checkInstance, type InstanceEvidence } from '../../lab/chaos/invariants.js';
import { Prng } from '../../lab/chaos/prng.js';
import { chooseScenario, describeScenario } from '../../lab/chaos/scenario.js';
import type { AppliedFile, InstanceApplyResult } from '../../shared/plan/apply-report.js';

const CONF = '/opt/kaspersky/ktfs/etc/kl_feed_service.conf';
const BACKUP = `${CONF}.ctha-backup-20261207T010203Z`;
const ORIGINAL = 'a'.repeat(64);
const PLANNED = 'b'.repeat(64);
const OTHER = 'c'.repeat(64);
const UTIL = '/opt/kaspersky/ktfs/etc/kl_feed_util.conf';

function file(status: AppliedFile['status'], extra: Partial<AppliedFile> = {}): AppliedFile {
  return {
    path: CONF,
    kind: 'edit',
    beforeSha256: ORIGINAL,
    afterSha256: PLANNED,
    status,
    original: 'backup',
    backupPath: BACKUP,
    ...extra,
  };
}

function result(outcome: InstanceApplyResult['outcome'], files: AppliedFile[]): InstanceApplyResult {
  return {
    instance: 'ct-linux-2',
    outcome,
    message: outcome,
    restarted: outcome === 'applied',
    files,
    steps: [],
    startedAt: '2026-12-07T01:02:03Z',
    durationMs: 1,
  };
}

/** A consistent applied instance: planned bytes in place, the backup holds the original, the report says so. */
function applied(
  overrides: { after?: Map<string, string>; files?: AppliedFile[]; outcome?: InstanceApplyResult['outcome']; pong?: boolean } = {},
): InstanceEvidence {
  const before = new Map([
    [CONF, ORIGINAL],
    [UTIL, OTHER],
  ]);
  const after =
    overrides.after ??
    new Map([
      [CONF, PLANNED],
      [UTIL, OTHER],
      [BACKUP, ORIGINAL],
    ]);
  return {
    instance: 'ct-linux-2',
    os: 'linux',
    before,
    after,
    changes: [{ path: CONF, kind: 'edit', afterSha256: PLANNED }],
    runs: [{ result: result(overrides.outcome ?? 'applied', overrides.files ?? [file('written')]), before, after }],
    pong: overrides.pong ?? true,
  };
}

describe('chaos invariants', () => {
  it('a consistent applied instance passes', () => {
    expect(checkInstance(applied())).toEqual([]);
  });

  it('a file holding neither the original nor the planned bytes (half written) is a violation', () => {
    const violations = checkInstance(
      applied({
        after: new Map([
          [CONF, OTHER],
          [UTIL, OTHER],
          [BACKUP, ORIGINAL],
        ]),
      }),
    );
    expect(violations.map((violation) => violation.kind)).toContain('foreign-bytes');
    expect(violations.find((violation) => violation.kind === 'foreign-bytes')?.path).toBe(CONF);
  });

  it('a written file without its backup on the host is a violation', () => {
    const violations = checkInstance(
      applied({
        after: new Map([
          [CONF, PLANNED],
          [UTIL, OTHER],
        ]),
      }),
    );
    expect(violations).toEqual([expect.objectContaining({ kind: 'missing-backup', path: CONF })]);
  });

  it('a written file whose report names no backup is a violation', () => {
    const violations = checkInstance(applied({ files: [file('written', { backupPath: undefined })] }));
    expect(violations).toEqual([expect.objectContaining({ kind: 'missing-backup', detail: 'a write began but no result names a backup' })]);
  });

  it('a backup holding other bytes than the original is a violation', () => {
    const violations = checkInstance(
      applied({
        after: new Map([
          [CONF, PLANNED],
          [UTIL, OTHER],
          [BACKUP, OTHER],
        ]),
      }),
    );
    expect(violations.map((violation) => violation.kind).sort()).toEqual(['bad-backup', 'missing-backup']);
  });

  it('a report that says written where the host holds the original is a violation', () => {
    const after = new Map([
      [CONF, ORIGINAL],
      [UTIL, OTHER],
      [BACKUP, ORIGINAL],
    ]);
    const violations = checkInstance(applied({ after }));
    expect(violations.map((violation) => violation.kind)).toEqual(['report-mismatch', 'report-mismatch']);
  });

  it('rolled back but still holding the planned bytes is a violation', () => {
    const violations = checkInstance(applied({ outcome: 'rolled-back', files: [file('restored')] }));
    expect(violations.filter((violation) => violation.kind === 'report-mismatch')).toHaveLength(2);
  });

  it('a file the plan did not name that changed or appeared (a stray temp file) is a violation', () => {
    const after = new Map([
      [CONF, PLANNED],
      [UTIL, PLANNED],
      [BACKUP, ORIGINAL],
      ['/opt/kaspersky/ktfs/etc/.kl_feed_service.conf.ctha-new-0a0b0c', OTHER],
    ]);
    const violations = checkInstance(applied({ after }));
    expect(violations.map((violation) => [violation.kind, violation.path])).toEqual([
      ['stray-file', UTIL],
      ['stray-file', '/opt/kaspersky/ktfs/etc/.kl_feed_service.conf.ctha-new-0a0b0c'],
    ]);
  });

  it('a service that does not answer PONG is a violation', () => {
    expect(checkInstance(applied({ pong: false }))).toEqual([expect.objectContaining({ kind: 'no-pong' })]);
  });

  it('an incomplete backup the report discloses (target untouched) is a note; the same file undisclosed is a violation', () => {
    const after = new Map([
      [CONF, ORIGINAL],
      [UTIL, OTHER],
      [BACKUP, OTHER],
    ]);
    const disclosed = file('not-written', {
      detail: 'failed at step "backup" (no-space); an unverified (possibly incomplete) backup is left at ...',
    });
    const notes: string[] = [];
    expect(checkInstance(applied({ after, outcome: 'rolled-back', files: [disclosed] }), notes)).toEqual([]);
    expect(notes).toEqual([expect.stringContaining('unverified backup left at')]);
    expect(
      checkInstance(applied({ after, outcome: 'rolled-back', files: [file('not-written')] })).map((violation) => violation.kind),
    ).toEqual(['bad-backup']);
  });

  it('a licence key set aside and replaced under its name: original, set aside, or replaced; nothing else', () => {
    const key = '/opt/kaspersky/ktfs/httpsrv/lic/LAB00001.key';
    const aside = `${key}.ctha-set-aside`;
    const before = new Map([[key, ORIGINAL]]);
    const evidence = (after: Map<string, string>): InstanceEvidence => ({
      instance: 'ct-linux-2',
      os: 'linux',
      before,
      after,
      changes: [
        { path: key, kind: 'set-aside', afterSha256: ORIGINAL, newPath: aside },
        { path: key, kind: 'copy', afterSha256: PLANNED },
      ],
      runs: [],
    });
    expect(
      checkInstance(
        evidence(
          new Map([
            [key, PLANNED],
            [aside, ORIGINAL],
          ]),
        ),
      ),
    ).toEqual([]);
    expect(checkInstance(evidence(new Map([[aside, ORIGINAL]])))).toEqual([]);
    expect(
      checkInstance(
        evidence(
          new Map([
            [key, OTHER],
            [aside, ORIGINAL],
          ]),
        ),
      ).map((violation) => violation.kind),
    ).toEqual(['foreign-bytes']);
    expect(
      checkInstance(
        evidence(
          new Map([
            [key, PLANNED],
            [aside, OTHER],
          ]),
        ),
      ).map((violation) => violation.kind),
    ).toEqual(['foreign-bytes']);
  });

  it('a set-aside done and its copy not written: the report is true to a host without the key; a half-written temp file is stray', () => {
    const key = '/opt/kaspersky/ktfs/httpsrv/lic/LAB00001.key';
    const aside = `${key}.ctha-set-aside`;
    const temp = '/opt/kaspersky/ktfs/httpsrv/lic/.LAB00001.key.ctha-new-79eb1f34b044';
    const before = new Map([[key, ORIGINAL]]);
    const after = new Map([
      [aside, ORIGINAL],
      [temp, OTHER],
    ]);
    const files: AppliedFile[] = [
      {
        path: key,
        kind: 'set-aside',
        newPath: aside,
        beforeSha256: ORIGINAL,
        afterSha256: ORIGINAL,
        status: 'written',
        original: 'set-aside',
      },
      { path: key, kind: 'copy', beforeSha256: null, afterSha256: PLANNED, status: 'not-written', original: 'absent' },
    ];
    const evidence: InstanceEvidence = {
      instance: 'ct-win-1',
      os: 'linux',
      before,
      after,
      changes: [
        { path: key, kind: 'set-aside', afterSha256: ORIGINAL, newPath: aside },
        { path: key, kind: 'copy', afterSha256: PLANNED },
      ],
      runs: [{ result: result('failed', files), before, after }],
    };
    expect(checkInstance(evidence)).toEqual([expect.objectContaining({ kind: 'stray-file', path: temp })]);
  });

  it('Windows paths compare without regard to case or slash direction', () => {
    const path = 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_service.conf';
    const lower = path.toLowerCase();
    const before = new Map([[lower, ORIGINAL]]);
    const after = new Map([
      [lower, PLANNED],
      [`${lower}.ctha-backup-20261207t010203z`, ORIGINAL],
    ]);
    // The report spells the paths as the host does, with forward slashes here.
    const written = file('written', { path: path.replace(/\\/g, '/'), backupPath: `${path.toUpperCase()}.ctha-backup-20261207T010203Z` });
    const evidence: InstanceEvidence = {
      instance: 'ct-win-1',
      os: 'windows',
      before,
      after,
      changes: [{ path, kind: 'edit', afterSha256: PLANNED }],
      runs: [{ result: result('applied', [written]), before, after }],
    };
    expect(checkInstance(evidence)).toEqual([]);
  });
});

describe('chaos dice and command line', () => {
  it('the same seed and iteration deal the same scenario; another seed deals others', () => {
    const clusters = [{ name: 'c44', instances: ['ct-linux-1', 'ct-linux-2', 'ct-win-1'] }];
    const deal = (seed: number): string[] =>
      Array.from({ length: 20 }, (_, iteration) => describeScenario(chooseScenario(Prng.forIteration(seed, iteration), clusters)));
    expect(deal(5)).toEqual(deal(5));
    expect(deal(6)).not.toEqual(deal(5));
    expect(new Set(deal(5)).size).toBeGreaterThan(15);
  });

  it('Prng.int stays in range and refuses a non-positive bound', () => {
    const rng = new Prng(1);
    const values = Array.from({ length: 1000 }, () => rng.int(7));
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(6);
    expect(() => rng.int(0)).toThrow('positive integer');
  });

  it('parses the replay line and refuses bad input with the reason', () => {
    expect(parseChaosArgs(['--seed', '42', '--from', '17', '--iterations', '1'])).toMatchObject({ seed: 42, from: 17, iterations: 1 });
    expect(() => parseChaosArgs(['--iterations', '0'])).toThrow('--iterations expects an integer from 1 to 100000, got 0');
    expect(() => parseChaosArgs(['--seed', 'x'])).toThrow('--seed expects an integer');
    expect(() => parseChaosArgs(['--seed'])).toThrow('--seed needs a value');
    expect(() => parseChaosArgs(['--fast'])).toThrow('unknown argument --fast');
  });
});
