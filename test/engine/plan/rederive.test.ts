// The plan-file checks (plan-consistency.ts) and the comparison of a saved plan with its re-derivation
// (rederive.ts), on hand-built plans: what is refused, what is named, and what apply is given.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compareRederived, planWrites } from '../../../engine/steps/apply/rederive.js';
import { checkPlanConsistency, pathPolicyProblem } from '../../../engine/steps/plan/plan-consistency.js';
import { withoutSensitiveBytes } from '../../../engine/steps/plan/plan-file.js';
import { groupDiffs, planSummary } from '../../../shared/plan/group-diffs.js';
import type { PlanDocument, PlannedChange, PlannedInstance } from '../../../shared/plan/plan-document.js';

const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const DIR = '/opt/kaspersky/ktfs';
const CONF = `${DIR}/etc/kl_feed_service.conf`;
const CERT = `${DIR}/etc/feeds.pem`;
const NEW_CONF = Buffer.from('<conf new="1"/>\n');
const CERT_BYTES = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

function edit(extra: Partial<PlannedChange> = {}): PlannedChange {
  return {
    path: CONF,
    relativePath: 'etc/kl_feed_service.conf',
    kind: 'edit',
    requirements: ['req8'],
    beforeSha256: sha('old'),
    afterSha256: sha(NEW_CONF),
    restart: true,
    unifiedDiff: '@@ -1 +1 @@\n-a\n+b\n',
    semanticChanges: [],
    afterBase64: NEW_CONF.toString('base64'),
    ...extra,
  };
}

function certificate(withBytes: boolean): PlannedChange {
  return {
    path: CERT,
    relativePath: 'etc/feeds.pem',
    kind: 'copy',
    requirements: ['req1'],
    beforeSha256: sha('old cert'),
    afterSha256: sha(CERT_BYTES),
    restart: false,
    unifiedDiff: `certificate replaced: x, ${CERT_BYTES.length} bytes, sha256 ${sha(CERT_BYTES)}\n`,
    semanticChanges: [],
    afterBase64: withBytes ? CERT_BYTES.toString('base64') : '',
    sensitive: { size: CERT_BYTES.length, sha256: sha(CERT_BYTES) },
  };
}

function instance(name: string, changes: PlannedChange[], extra: Partial<PlannedInstance> = {}): PlannedInstance {
  return {
    name,
    os: 'linux',
    host: `${name}.example`,
    serviceDir: DIR,
    allowedPaths: [],
    status: 'planned',
    readiness: { host: `${name}.example`, port: 9999 },
    filesRead: [
      { path: CONF, sha256: sha(`${name} conf`) },
      { path: CERT, sha256: sha(`${name} cert`) },
    ],
    directoriesRead: [{ path: `${DIR}/httpsrv/lic`, suffix: '.key', entries: ['a.key'] }],
    changes,
    refusals: [],
    ...extra,
  };
}

function plan(instances: PlannedInstance[], os: 'linux' | 'windows' = 'linux'): PlanDocument {
  const fixed = instances.map((entry) => ({ ...entry, os }));
  return {
    planFormatVersion: 1,
    project: { name: 'lab', path: '/p/cluster.ctha.json', sha256: 'c'.repeat(64) },
    createdAt: '2026-01-01T00:00:00.000Z',
    toolVersion: 'test',
    referenceInstance: 'one',
    requirements: ['req1', 'req8'],
    instances: fixed,
    groups: groupDiffs(fixed),
    summary: planSummary(fixed),
  };
}

// The saved file (no sensitive bytes) and what the live hosts give (bytes in memory).
const saved = (): PlanDocument => plan([instance('one', []), instance('two', [edit(), certificate(false)])]);
const live = (
  changes: PlannedChange[] = [edit({ unifiedDiff: '@@ -1 +1 @@\n-live\n+live\n' }), certificate(true)],
  extra: Partial<PlannedInstance> = {},
): PlanDocument => plan([instance('one', []), instance('two', changes, extra)]);

describe('a saved plan against its re-derivation', () => {
  it('equal: apply gets the re-derived changes (sensitive bytes included), the display gets the re-derived diff without them', () => {
    const result = compareRederived(saved(), live(), 'plan.json');
    expect(result.fresh).toEqual(['one', 'two']);
    const applied = result.applied.instances[1]?.changes ?? [];
    expect(Buffer.from(applied[1]?.afterBase64 ?? '', 'base64').equals(CERT_BYTES)).toBe(true);
    expect(applied[0]?.unifiedDiff).toContain('+live');
    expect(result.shown.instances[1]?.changes[1]?.afterBase64).toBe('');
    expect(result.shown.groups[0]?.changes[0]?.diffBody).toContain('+live');
    expect(result.shown.summary.changes).toBe(2);
  });

  it('a fresh instance whose re-derived change differs refuses the whole apply, naming instance, file, field and both values', () => {
    expect(() => compareRederived(saved(), live([edit({ restart: false }), certificate(true)]), 'plan.json')).toThrow(
      `plan.json: two: ${CONF} field restart: the plan says true, re-derived from the live hosts false`,
    );
    expect(() => compareRederived(saved(), live([edit()]), 'plan.json')).toThrow(
      `two: ${CERT} field changes: the plan has 2 change(s), re-derived from the live hosts 1 (not re-derived: changes[1])`,
    );
    expect(() => compareRederived(saved(), live(undefined, { readiness: { host: 'elsewhere', port: 1 } }), 'plan.json')).toThrow(
      'two: field readiness.host: the plan says "two.example", re-derived from the live hosts "elsewhere"',
    );
  });

  it('a sensitive file stored as plain bytes (its marker removed) is a difference', () => {
    const unmarked = saved();
    const stored = { ...certificate(true) };
    delete stored.sensitive;
    (unmarked.instances[1] as PlannedInstance).changes[1] = stored;
    expect(() => compareRederived(unmarked, live(), 'plan.json')).toThrow(`two: ${CERT} field sensitive: the plan says false`);
  });

  it('a stale instance is not compared: it is pinned (its live digest added) so apply can only refuse it, and its saved diff is not shown', () => {
    const moved = live([edit({ afterSha256: sha('other') })], {
      filesRead: [
        { path: CONF, sha256: sha('edited by hand') },
        { path: CERT, sha256: sha('two cert') },
      ],
    });
    const result = compareRederived(saved(), moved, 'plan.json');
    expect(result.notFresh).toEqual([
      {
        instance: 'two',
        reason: `${CONF} changed since the plan was made (plan sha256 ${sha('two conf')}, now sha256 ${sha('edited by hand')})`,
      },
    ]);
    const applied = result.applied.instances[1];
    expect(applied?.filesRead.filter((file) => file.path === CONF).map((file) => file.sha256)).toEqual([
      sha('two conf'),
      sha('edited by hand'),
    ]);
    expect(applied?.changes.map((change) => change.afterSha256)).toEqual([sha(NEW_CONF), sha(CERT_BYTES)]);
    expect(result.shown.instances[1]?.filesRead).toHaveLength(2);
    expect(result.shown.instances[1]?.changes[0]?.unifiedDiff).toMatch(/^not re-derived: .* changed since the plan was made/);
    expect(result.shown.instances[1]?.changes[0]?.unifiedDiff).not.toContain('-a');
  });

  it('a stale instance cannot bring its own service folder, allowed paths or extra files to read (review finding)', () => {
    const changedOnHost = {
      filesRead: [
        { path: CONF, sha256: sha('edited by hand') },
        { path: CERT, sha256: sha('two cert') },
      ],
    };
    const tampered = saved();
    const two = tampered.instances[1] as PlannedInstance;
    tampered.instances[1] = { ...two, serviceDir: '/' };
    expect(() => compareRederived(tampered, live(undefined, changedOnHost), 'plan.json')).toThrow(
      'plan.json: two: field serviceDir: the plan says "/", found on the live host "/opt/kaspersky/ktfs"',
    );
    tampered.instances[1] = { ...two, allowedPaths: ['/etc/cron.d/zz'] };
    expect(() => compareRederived(tampered, live(undefined, changedOnHost), 'plan.json')).toThrow('two: field allowedPaths');
    tampered.instances[1] = { ...two, filesRead: [{ path: '/etc/shadow', sha256: sha('x') }, ...two.filesRead] };
    const result = compareRederived(tampered, live(undefined, changedOnHost), 'plan.json');
    expect(result.applied.instances[1]?.filesRead.map((file) => file.path)).toEqual([CONF, CERT, CONF]);
  });

  it('an instance that cannot be read again is not applied at all', () => {
    const unread = live([], { status: 'error', error: 'connection lost', filesRead: [], directoriesRead: [] });
    const result = compareRederived(saved(), unread, 'plan.json');
    expect(result.applied.instances[1]).toMatchObject({ status: 'error', changes: [] });
    expect(result.applied.instances[1]?.error).toContain('connection lost');
  });

  it('a changed reference refuses everything: every change was computed from its files', () => {
    const derived = live();
    (derived.instances[0] as PlannedInstance).filesRead = [
      { path: CONF, sha256: sha('new reference') },
      { path: CERT, sha256: sha('one cert') },
    ];
    expect(() => compareRederived(saved(), derived, 'plan.json')).toThrow(
      `plan.json: stale plan: the reference one: ${CONF} changed since the plan was made`,
    );
  });

  it('whether a plan writes is decided from its changes, not its summary', () => {
    expect(planWrites({ ...saved(), summary: { changes: 0, instancesWithChanges: 0, refusals: 0, errors: 0 } })).toBe(true);
    expect(planWrites(plan([instance('one', [])]))).toBe(false);
  });
});

describe('plan file consistency', () => {
  const check = (doc: PlanDocument): void => checkPlanConsistency(doc, 'plan.json');

  it('accepts a consistent plan and the display form of a fresh one', () => {
    expect(() => check(saved())).not.toThrow();
    expect(() => check(withoutSensitiveBytes(live()))).not.toThrow();
  });

  it('refuses a sensitive change that carries its bytes, and a wrong set-aside name', () => {
    expect(() => check(live())).toThrow(`two: changes[1] (${CERT}) field afterBase64: a sensitive file's bytes are never stored in a plan`);
    const key = `${DIR}/httpsrv/lic/b.key`;
    const setAside: PlannedChange = {
      ...edit(),
      path: key,
      relativePath: 'httpsrv/lic/b.key',
      kind: 'set-aside',
      beforeSha256: sha(NEW_CONF),
      newPath: `${DIR}/etc/b.key`,
      restart: true,
    };
    expect(() => check(plan([instance('one', []), instance('two', [setAside])]))).toThrow(
      `field newPath is "${DIR}/etc/b.key", but a set-aside goes to "${key}.ctha-set-aside"`,
    );
  });

  it('allows a path outside the service folder only when it is one of allowedPaths', () => {
    const outside = edit({ path: '/etc/ssl/feeds.pem', relativePath: '/etc/ssl/feeds.pem' });
    expect(() => check(plan([instance('one', []), instance('two', [outside])]))).toThrow(
      'field path may not be written: it is outside the service folder /opt/kaspersky/ktfs',
    );
    expect(() => check(plan([instance('one', []), instance('two', [outside], { allowedPaths: ['/etc/ssl/feeds.pem'] })]))).not.toThrow();
    // A sibling folder sharing the prefix is outside.
    expect(pathPolicyProblem('/opt/kaspersky/ktfs-evil/x', DIR, [], 'linux')).toContain('outside the service folder');
    expect(pathPolicyProblem(DIR, DIR, [], 'linux')).toContain('outside the service folder');
  });

  it('on Windows: backslashes only, no ".." segment, case-insensitive containment', () => {
    const dir = 'C:\\Program Files\\CT';
    expect(pathPolicyProblem('c:\\program files\\ct\\bin\\a.conf', dir, [], 'windows')).toBeUndefined();
    expect(pathPolicyProblem('C:\\Program Files\\CT\\bin\\..\\..\\x', dir, [], 'windows')).toContain('".." segment');
    expect(pathPolicyProblem('C:\\Program Files\\CT/bin/a.conf', dir, [], 'windows')).toContain('uses "/"');
    expect(pathPolicyProblem('\\\\server\\share\\a', dir, [], 'windows')).toContain('not an absolute Windows path');
  });

  it('refuses an errored instance with changes, a name listed twice, and groups that are not what the changes give', () => {
    expect(() => check(plan([instance('one', []), instance('two', [edit()], { status: 'error', error: 'x' })]))).toThrow(
      'two: field changes: an instance that could not be planned has no changes',
    );
    expect(() => check(plan([instance('one', []), instance('one', [])]))).toThrow('instance one is listed twice');
    const regrouped = saved();
    regrouped.groups = [{ instances: ['one'], changes: regrouped.groups[0]?.changes ?? [] }];
    expect(() => check(regrouped)).toThrow('field groups[0].instances[0] is "one", but the changes give "two"');
  });
});
