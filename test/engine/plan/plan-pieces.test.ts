// The plan's pure pieces: --steps, grouping of identical diffs, relative paths, readiness targets, the text.
import { describe, expect, it } from 'vitest';
import { parseConnectionString } from '../../../engine/steps/plan/readiness-target.js';
import { planText } from '../../../engine/steps/plan/plan-text.js';
import { planExitCode } from '../../../cli/commands/plan.js';
import { diffBody, groupDiffs, relativeToServiceDir } from '../../../shared/plan/group-diffs.js';
import type { PlanDocument, PlannedChange, PlannedInstance } from '../../../shared/plan/plan-document.js';
import { PlanDocumentSchema } from '../../../shared/plan/plan-document.js';
import { describeSteps, parseSteps } from '../../../shared/plan/steps.js';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const diff = (path: string, body: string): string =>
  `===================================================================\n--- ${path}\tbefore\n+++ ${path}\tafter\n${body}`;
const BODY_8 = '@@ -1,3 +1,3 @@\n <a>\n-  <F enabled="false"/>\n+  <F enabled="true"/>\n </a>\n';

function change(path: string, relativePath: string, body: string, extra: Partial<PlannedChange> = {}): PlannedChange {
  return {
    path,
    relativePath,
    kind: 'edit',
    requirements: ['req8'],
    beforeSha256: SHA_A,
    afterSha256: SHA_B,
    restart: true,
    unifiedDiff: diff(path, body),
    semanticChanges: [],
    afterBase64: '',
    ...extra,
  };
}

function instance(name: string, changes: PlannedChange[], extra: Partial<PlannedInstance> = {}): PlannedInstance {
  return {
    name,
    os: 'linux',
    host: `${name}.example`,
    serviceDir: '/opt/kaspersky/ktfs',
    status: 'planned',
    readiness: null,
    filesRead: [],
    directoriesRead: [],
    changes,
    refusals: [],
    ...extra,
  };
}

describe('--steps', () => {
  it('reads numbers, req ids and alerts in catalogue order, without duplicates', () => {
    expect(parseSteps('8, 1,6,req6,ALERTS')).toEqual({ ok: true, requirements: ['req1', 'req6', 'req8', 'alerts'] });
    expect(describeSteps(['req1', 'req6', 'alerts'])).toBe('1, 6, alerts');
  });
  it('refuses empty items and unknown steps with the item named', () => {
    expect(parseSteps('1,,2')).toEqual({ ok: false, message: '--steps "1,,2": expected a comma-separated list such as 1,6,8' });
    expect(parseSteps('1,9')).toEqual({ ok: false, message: '--steps: unknown step "9"; expected 1-8 or alerts' });
    expect(parseSteps('0').ok).toBe(false);
  });
});

describe('grouping identical diffs', () => {
  it('groups instances whose changes have the same relative paths and diff bodies, whatever the absolute paths or order', () => {
    const other = '@@ -2,1 +2,2 @@\n <b>\n+<REQ/>\n';
    const groups = groupDiffs([
      instance('one', [change('/opt/a/etc/x.conf', 'etc/x.conf', BODY_8), change('/opt/a/etc/y.conf', 'etc/y.conf', other)]),
      instance('two', [change('/srv/b/etc/y.conf', 'etc/y.conf', other), change('/srv/b/etc/x.conf', 'etc/x.conf', BODY_8)]),
      instance('three', [change('/opt/a/etc/x.conf', 'etc/x.conf', BODY_8.replace('true', 'yes'))]),
      instance('four', []),
    ]);
    expect(groups.map((group) => group.instances)).toEqual([['one', 'two'], ['three']]);
    expect(groups[0]?.changes.map((entry) => entry.relativePath)).toEqual(['etc/x.conf', 'etc/y.conf']);
    expect(groups[0]?.changes[0]?.diffBody).toBe(BODY_8);
  });
  it('drops only the header of a diff', () => {
    expect(diffBody(diff('/x', BODY_8))).toBe(BODY_8);
    expect(diffBody('rename /x\n    to /y\n')).toBe('rename /x\n    to /y\n');
  });
  it('makes paths relative to the service dir: exact on Linux, case-insensitive on Windows', () => {
    expect(relativeToServiceDir('/opt/kaspersky/ktfs/etc/kl_feed_service.conf', '/opt/kaspersky/ktfs', 'linux')).toBe(
      'etc/kl_feed_service.conf',
    );
    expect(relativeToServiceDir('/opt/Kaspersky/ktfs/etc/x', '/opt/kaspersky/ktfs', 'linux')).toBe('/opt/Kaspersky/ktfs/etc/x');
    expect(relativeToServiceDir('c:\\program files\\KL\\bin\\x.conf', 'C:\\Program Files\\KL', 'windows')).toBe('bin/x.conf');
    expect(relativeToServiceDir('D:\\certs\\x.pem', 'C:\\Program Files\\KL', 'windows')).toBe('D:\\certs\\x.pem');
    expect(relativeToServiceDir('/x', null, 'linux')).toBe('/x');
  });
});

describe('readiness target', () => {
  it('reads host:port, [v6]:port and a bare :port; refuses the rest', () => {
    expect(parseConnectionString('0.0.0.0:9999')).toEqual({ host: '0.0.0.0', port: 9999 });
    expect(parseConnectionString(' [::]:9999 ')).toEqual({ host: '::', port: 9999 });
    expect(parseConnectionString('ct1.example:10000')).toEqual({ host: 'ct1.example', port: 10000 });
    expect(parseConnectionString(':9999')).toEqual({ host: '', port: 9999 });
    for (const bad of ['9999', '0.0.0.0:0', '0.0.0.0:70000', '\\\\.\\pipe\\kl', 'a:b:c'])
      expect(parseConnectionString(bad), bad).toBeUndefined();
  });
});

describe('plan text and exit code', () => {
  const refusal = { requirement: 'req3' as const, reason: 'indicators are not readable', manual: 'Attest it.' };
  const plan: PlanDocument = PlanDocumentSchema.parse({
    planFormatVersion: 1,
    project: { name: 'lab', path: '/p/cluster.ctha.json', sha256: SHA_A },
    createdAt: '2026-01-01T00:00:00.000Z',
    toolVersion: 'test',
    referenceInstance: 'one',
    requirements: ['req3', 'req8'],
    instances: [
      instance('one', [], { refusals: [refusal] }),
      instance('two', [change('/opt/kaspersky/ktfs/etc/x.conf', 'etc/x.conf', BODY_8)], { refusals: [refusal] }),
    ],
    groups: groupDiffs([instance('two', [change('/opt/kaspersky/ktfs/etc/x.conf', 'etc/x.conf', BODY_8)])]),
    summary: { changes: 1, instancesWithChanges: 1, refusals: 2, errors: 0 },
  });
  it('shows each group once, identical manual steps once with their instances, and the totals', () => {
    const text = planText(plan).join('\n');
    expect(text).toContain('== two (1 instance) ==\n-- etc/x.conf: edit (req8) [service restart]\n@@ -1,3 +1,3 @@');
    expect(text).toContain(
      '  req3 (Same OSINT, custom and third-party feeds and indicators) on one, two: indicators are not readable\n      Attest it.',
    );
    expect(text.match(/indicators are not readable/g)).toHaveLength(1);
    expect(text).toContain('Nothing to change on: one');
    expect(text).toContain('1 file change(s) on 1 instance(s); 2 manual step(s).');
  });
  it('names the project allowedPaths an instance may be changed at, before the diffs', () => {
    const allowed = {
      ...plan,
      instances: plan.instances.map((entry) => (entry.name === 'two' ? { ...entry, allowedPaths: ['/etc/ssl/feeds.pem'] } : entry)),
    };
    const lines = planText(allowed);
    expect(lines[1]).toBe('Allowed outside the service folder on two (project allowedPaths): /etc/ssl/feeds.pem');
    expect(planText(plan).join('\n')).not.toContain('allowedPaths');
  });
  it('exits 2 with changes, 0 without, 1 when an instance could not be planned', () => {
    expect(planExitCode(plan)).toBe(2);
    expect(planExitCode({ ...plan, summary: { ...plan.summary, changes: 0 } })).toBe(0);
    expect(planExitCode({ ...plan, summary: { ...plan.summary, errors: 1 } })).toBe(1);
  });
});
