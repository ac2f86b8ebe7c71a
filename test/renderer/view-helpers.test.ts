import { describe, expect, it } from 'vitest';
import { labelledGroups, requirementTally } from '../../renderer/audit/audit-grid.js';
import { formatValue } from '../../renderer/audit/format-value.js';
import { outcomeCounts } from '../../renderer/apply/apply-labels.js';
import { crSegments, diffLines } from '../../renderer/plan/diff-lines.js';
import { planSummary, unchangedInstances } from '../../renderer/plan/plan-view.js';
import { formatDuration } from '../../renderer/wizard/format-duration.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { samplePlan } from './samples/plan-sample.js';

describe('diff lines', () => {
  it('types each line and takes a raw trailing CR off the text, flagged', () => {
    expect(diffLines('--- a\n+++ b\n@@ -1 +1 @@\n-old\r\n+new\r\n ctx\n\\ No newline at end of file\n')).toEqual([
      { kind: 'header', text: '--- a', crlf: false },
      { kind: 'header', text: '+++ b', crlf: false },
      { kind: 'hunk', text: '@@ -1 +1 @@', crlf: false },
      { kind: 'remove', text: '-old', crlf: true },
      { kind: 'add', text: '+new', crlf: true },
      { kind: 'context', text: ' ctx', crlf: false },
      { kind: 'note', text: '\\ No newline at end of file', crlf: false },
    ]);
  });

  it("keeps the engine's ␍ marks as separate segments so they can be highlighted", () => {
    expect(crSegments('-<a/>\u240d')).toEqual([
      { text: '-<a/>', cr: false },
      { text: '\u240d', cr: true },
    ]);
    expect(crSegments('\u240d\u240dx')).toEqual([
      { text: '\u240d', cr: true },
      { text: '\u240d', cr: true },
      { text: 'x', cr: false },
    ]);
    expect(crSegments('plain')).toEqual([{ text: 'plain', cr: false }]);
  });
});

describe('plan view helpers', () => {
  it('summarises scope, changes, manual steps and unread instances', () => {
    const plan = samplePlan();
    expect(planSummary(plan)).toBe(
      'Requirements 1, 2, 3, 4, 5, 6, 7, 8, alerts. 2 file change(s) on 2 instance(s), in 1 group(s) of identical changes. 1 item(s) need manual steps.',
    );
    const withError = { ...plan, requirements: ['req8' as const], summary: { ...plan.summary, errors: 1 } };
    expect(planSummary(withError)).toContain('Requirements 8.');
    expect(planSummary(withError)).toContain('1 instance(s) could not be read and get no change.');
    expect(unchangedInstances(plan)).toEqual(['ct1']);
  });
});

describe('audit view helpers', () => {
  it('letters groups in report order, past Z too', () => {
    const report = sampleAuditReport();
    const many = Array.from({ length: 28 }, (_, index) => ({
      key: String(index),
      value: index,
      instances: [`i${index}`],
      includesReference: index === 0,
    }));
    const wide = { ...report, findings: { ...report.findings, requirements: [{ requirement: 'req1' as const, groups: many }] } };
    expect(
      labelledGroups(wide, 'req1')
        .map((group) => group.label)
        .slice(24),
    ).toEqual(['Y', 'Z', 'AA', 'AB']);
    expect(labelledGroups(report, 'req8').map((group) => [group.label, group.instances])).toEqual([
      ['A', ['ct1']],
      ['B', ['ct2']],
    ]);
  });

  it('formats observed values for people', () => {
    expect(formatValue(null)).toBe('(not read)');
    expect(formatValue('SHA256:abc')).toBe('SHA256:abc');
    expect(formatValue({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });

  it('counts apply outcomes in words, leaving out the zeros', () => {
    expect(outcomeCounts({ applied: 2, failed: 0, skipped: 1 })).toBe('applied 2 · skipped 1');
    expect(outcomeCounts({})).toBe('no instance');
  });
});

describe('requirement tally', () => {
  it('names drift first, then unknown, else settled', () => {
    const report = sampleAuditReport();
    expect(requirementTally(report, 'req8')).toEqual({ text: '1 drift', status: 'drift' });
    expect(requirementTally(report, 'req3')).toEqual({ text: '2 unknown', status: 'unknown' });
    expect(requirementTally(report, 'req1')).toEqual({ text: 'settled', status: 'match' });
  });
});

describe('durations', () => {
  it('in ms under a second, in seconds above', () => {
    expect(formatDuration(45)).toBe('45 ms');
    expect(formatDuration(999.6)).toBe('1.0 s');
    expect(formatDuration(1800)).toBe('1.8 s');
  });
});
