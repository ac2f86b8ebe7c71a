import type { ApplyReport, InstanceApplyResult } from '../../../shared/plan/apply-report.js';

const SHA = (c: string): string => c.repeat(64);

/** ct2 applied with a restart; ct3 rolled back after its service refused to start. */
export function sampleApplyReport(): ApplyReport {
  const file = '/opt/kaspersky/ktfs/etc/kl_feed_service.conf';
  const applied: InstanceApplyResult = {
    instance: 'ct2',
    outcome: 'applied',
    message: 'ct2: 1 file written, service restarted and ready, new values confirmed',
    restarted: true,
    files: [
      {
        path: file,
        kind: 'edit',
        beforeSha256: SHA('1'),
        afterSha256: SHA('2'),
        backupPath: `${file}.ctha-backup-20250501T100600Z`,
        status: 'written',
        original: 'backup',
      },
    ],
    steps: [
      { step: 'stale-check', status: 'done', durationMs: 15 },
      { step: 'stop', status: 'done', durationMs: 300 },
      { step: 'write', status: 'done', durationMs: 40, file },
      { step: 'start', status: 'done', durationMs: 500 },
      { step: 'ready', status: 'done', durationMs: 900 },
      { step: 'verify', status: 'done', durationMs: 30 },
    ],
    readiness: { host: '10.0.0.2', port: 9999, ok: true, ms: 900 },
    startedAt: '2025-05-01T10:06:00.000Z',
    durationMs: 1800,
  };
  const rolledBack: InstanceApplyResult = {
    instance: 'ct3',
    outcome: 'rolled-back',
    message: 'ct3: the service did not start; the original file is back and the service answers PONG',
    failure: { step: 'start', reason: 'service-start-failed', message: 'systemctl start cybertrace.service exited 1' },
    restarted: true,
    files: [
      {
        path: file,
        kind: 'edit',
        beforeSha256: SHA('1'),
        afterSha256: SHA('2'),
        backupPath: `${file}.ctha-backup-20250501T100600Z`,
        status: 'restored',
        original: 'backup',
      },
    ],
    steps: [
      { step: 'write', status: 'done', durationMs: 40, file },
      { step: 'start', status: 'failed', durationMs: 500, detail: 'exit 1' },
      { step: 'restore', status: 'done', durationMs: 40, file },
      { step: 'restart', status: 'done', durationMs: 500 },
      { step: 'ready-after-rollback', status: 'done', durationMs: 700 },
      { step: 'confirm-original', status: 'done', durationMs: 20 },
    ],
    startedAt: '2025-05-01T10:06:00.000Z',
    durationMs: 2400,
  };
  const unchanged: InstanceApplyResult = {
    instance: 'ct1',
    outcome: 'unchanged',
    message: 'ct1: nothing to change',
    restarted: false,
    files: [],
    steps: [],
    startedAt: '2025-05-01T10:06:00.000Z',
    durationMs: 0,
  };
  return {
    project: { name: 'Customer cluster', path: '/p/x.ctha.json' },
    planCreatedAt: '2025-05-01T10:05:00.000Z',
    planSource: 'saved',
    mode: 'parallel',
    startedAt: '2025-05-01T10:06:00.000Z',
    durationMs: 2500,
    changed: true,
    instances: [rolledBack, applied, unchanged],
    summary: { applied: 1, unchanged: 1, refused: 0, 'rolled-back': 1, failed: 0, skipped: 0, interrupted: 0 },
    journal: { path: '/p/.ctha-journal.json', pending: [] },
  };
}
