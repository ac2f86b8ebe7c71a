// The run's emitter on its own: silent without emit, redacted details, counted tallies, transcript entries as events.
import { describe, expect, it } from 'vitest';
import { createRunProgress } from '../../../engine/steps/run/run-progress.js';
import type { TranscriptEntry } from '../../../engine/ssh/transcript/entry.js';
import type { EngineEvent } from '../../../shared/contract/events.js';
import { parseEngineEvent } from '../../../shared/contract/events.js';

const entry = (fields: Partial<TranscriptEntry>): TranscriptEntry => ({
  instance: 'ct-1',
  target: '10.0.0.1:22',
  kind: 'exec',
  op: 'exec',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 12,
  bytesIn: 0,
  bytesOut: 0,
  ...fields,
});

describe('run progress emitter', () => {
  it('sends nothing without emit and gives every run its own id', () => {
    const a = createRunProgress(undefined);
    const b = createRunProgress(undefined);
    expect(a.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.runId).not.toBe(b.runId);
    // Nothing to observe but that nothing throws: there is no sink.
    a.step('plan', 'started');
    a.transcript(entry({}));
    a.tally('audit', 2).end('ct-1', true);
  });

  it('redacts details, counts a tally up to its total and keeps every payload within the contract', () => {
    const events: EngineEvent[] = [];
    const progress = createRunProgress((event) => events.push(event), {
      runId: 'r1',
      redact: (text) => text.replaceAll('s3cret', '***'),
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
    const tally = progress.tally('audit', 2);
    tally.start('ct-1');
    tally.end('ct-1', false, 'login with s3cret refused');
    tally.end('ct-2', true);
    tally.end('ct-2', true); // a stray third end never counts past the total
    expect(
      events.map((event) => (event.name === 'progress' ? [event.payload.state, event.payload.done, event.payload.total] : [])),
    ).toEqual([
      ['started', 0, 2],
      ['failed', 1, 2],
      ['done', 2, 2],
      ['done', 2, 2],
    ]);
    expect(events[1]?.payload).toMatchObject({
      runId: 'r1',
      instance: 'ct-1',
      detail: 'login with *** refused',
      time: '2026-01-01T00:00:00.000Z',
    });
    for (const event of events) expect(parseEngineEvent(event)).toEqual(event);
  });

  it('turns exec, connect and sftp entries into transcript events with an honest exit', () => {
    const events: EngineEvent[] = [];
    const progress = createRunProgress((event) => events.push(event), { runId: 'r2' });
    progress.transcript(entry({ command: 'cat /etc/x', exitCode: 3 }));
    progress.transcript(entry({ command: 'sleep 9', exitCode: null, signal: 'KILL' }));
    progress.transcript(entry({ kind: 'connect', op: 'connect' }));
    progress.transcript(entry({ kind: 'sftp', op: 'rename', path: '/a', toPath: '/b', error: 'permission denied' }));
    expect(
      events.map((event) => (event.name === 'transcript' ? [event.payload.kind, event.payload.command, event.payload.exit] : [])),
    ).toEqual([
      ['exec', 'cat /etc/x', 3],
      ['exec', 'sleep 9', null],
      ['connect', 'connect 10.0.0.1:22', 0],
      ['sftp', 'sftp rename /a -> /b', null],
    ]);
    expect(events[3]?.payload).toMatchObject({ error: 'permission denied' });
    for (const event of events) expect(parseEngineEvent(event)).toEqual(event);
  });

  it('swallows a throwing emit: the run goes on', () => {
    let calls = 0;
    const progress = createRunProgress(() => {
      calls += 1;
      throw new Error('broken front end');
    });
    expect(() => progress.step('plan', 'done')).not.toThrow();
    expect(() => progress.transcript(entry({}))).not.toThrow();
    expect(calls).toBe(2);
  });
});
