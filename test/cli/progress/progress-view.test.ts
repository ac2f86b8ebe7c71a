// The CLI progress view with fake streams: plain lines off a terminal (no control byte at all), redrawn
// lines on a terminal (cursor movement, truncated to the width, throttled), nothing with --json.
import { describe, expect, it } from 'vitest';
import { createProgressView } from '../../../cli/progress/progress-view.js';
import type { EngineEvent } from '../../../shared/contract/events.js';
import { fakeStream, progress, transcript } from './fake-stream.js';

const ESC = '\u001b';

/** An audit of three instances as a run reports it, with a hostile detail (a host's text with escapes). */
const AUDIT: EngineEvent[] = [
  progress({ instance: 'ct-1', step: 'connect', state: 'started', done: 0, total: 3 }),
  progress({ instance: 'ct-2', step: 'connect', state: 'started', done: 0, total: 3 }),
  progress({ instance: 'ct-3', step: 'connect', state: 'started', done: 0, total: 3 }),
  progress({ instance: 'ct-1', step: 'connect', state: 'done', done: 1, total: 3, detail: 'linux, privilege sudo' }),
  transcript('ct-1', 'sudo -n cat /etc/opt/kaspersky/kl_feed_service.conf'),
  progress({
    instance: 'ct-2',
    step: 'connect',
    state: 'failed',
    done: 2,
    total: 3,
    detail: `authentication: ${ESC}[31mdenied${ESC}[0m\r\nagain`,
  }),
  progress({ instance: 'ct-3', step: 'connect', state: 'done', done: 3, total: 3 }),
  progress({ instance: 'ct-1', step: 'audit', state: 'started', done: 0, total: 3 }),
  { name: 'log', payload: { level: 'info', message: 'not progress', time: '2026-01-01T00:00:00.000Z' } },
  progress({ instance: 'ct-1', step: 'audit', state: 'done', done: 1, total: 3 }),
  progress({ step: 'plan', state: 'done', detail: '1 of 3 instance(s) to change' }),
];

describe('CLI progress view', () => {
  it('off a terminal: one plain line per progress or transcript event, no control character at all', () => {
    const out = fakeStream(false);
    const view = createProgressView({ stream: out.stream, json: false });
    for (const event of AUDIT) view.onEvent(event);
    view.close();
    const text = out.text();
    expect(text.replaceAll('\n', '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(text).not.toContain(ESC);
    const lines = text.trimEnd().split('\n');
    // Every event but the log event is a line.
    expect(lines.length).toBe(AUDIT.length - 1);
    expect(lines[0]).toBe('ct-1: connect started [0/3]');
    expect(lines[3]).toBe('ct-1: connect done (linux, privilege sudo) [1/3]');
    expect(lines[4]).toBe('  ct-1 $ sudo -n cat /etc/opt/kaspersky/kl_feed_service.conf -> exit 0, 7 ms');
    expect(lines[5]).toContain('ct-2: connect failed (authentication:  [31mdenied [0m  again) [2/3]');
    expect(lines.at(-1)).toBe('run: plan done (1 of 3 instance(s) to change)');
  });

  it('off a terminal without the transcript (ctha demo --headless): the progress lines only', () => {
    const out = fakeStream(false);
    const view = createProgressView({ stream: out.stream, json: false, transcript: false });
    for (const event of AUDIT) view.onEvent(event);
    view.close();
    const lines = out.text().trimEnd().split('\n');
    // Every progress event is a line; the transcript and log events are not.
    expect(lines.length).toBe(AUDIT.filter((event) => event.name === 'progress').length);
    expect(lines.some((line) => line.includes(' $ '))).toBe(false);
  });

  it('off a terminal: a long command is cut short, a missing exit status is said', () => {
    const out = fakeStream(false);
    const view = createProgressView({ stream: out.stream, json: false });
    view.onEvent(transcript('ct-1', `echo ${'x'.repeat(500)}`, null));
    const line = out.text().trimEnd();
    expect(line.length).toBeLessThan(160);
    expect(line).toContain('…');
    expect(line).toMatch(/-> no exit status, 7 ms$/);
  });

  it('with --json it writes nothing, on a terminal or not', () => {
    for (const tty of [true, false]) {
      const out = fakeStream(tty, 80);
      const view = createProgressView({ stream: out.stream, json: true });
      for (const event of AUDIT) view.onEvent(event);
      view.close();
      expect(out.writes).toEqual([]);
    }
  });

  it('on a terminal: one line per instance, redrawn in place, and close() leaves the final state', () => {
    const out = fakeStream(true, 60);
    const view = createProgressView({ stream: out.stream, json: false });
    for (const event of AUDIT) view.onEvent(event);
    // A burst of events draws once at once and once more later (throttled), never once per event.
    expect(out.writes.length).toBe(1);
    // Nothing was drawn before the first draw: no cursor movement up.
    expect(out.writes[0]).not.toMatch(new RegExp(`${ESC}\\[\\d+F`));
    expect(out.writes[0]).toContain(`${ESC}[2K`);
    view.close();
    expect(out.writes.length).toBe(2);
    const final = out.writes[1] ?? '';
    // Back up over the one line drawn first, then four lines: three instances and the run.
    expect(final.startsWith(`${ESC}[1F`)).toBe(true);
    const lines = final.slice(`${ESC}[1F`.length).split('\n').slice(0, -1);
    expect(lines.length).toBe(4);
    for (const line of lines) {
      expect(line.startsWith(`${ESC}[2K`)).toBe(true);
      const visible = line.slice(`${ESC}[2K`.length);
      // Truncated to the width less one column, and no escape of the host's text survives.
      expect(visible.length).toBeLessThanOrEqual(59);
      expect(visible).not.toContain(ESC);
    }
    expect(lines[0]).toContain('ct-1');
    expect(lines[0]).toContain('audit done');
    expect(lines[0]).toContain('· 1 ops');
    expect(lines[1]).toContain('[xxxxxxxx----]');
    expect(lines[1]).toContain('connect failed');
    expect(lines[2]).toContain('[############] 3/3 connect done');
    expect(lines[3]?.startsWith(`${ESC}[2Krun `)).toBe(true);
    // Closed: later events draw nothing.
    view.onEvent(AUDIT[0] as EngineEvent);
    view.close();
    expect(out.writes.length).toBe(2);
  });

  it('on a terminal: a second burst moves the cursor up over every line drawn before', async () => {
    const out = fakeStream(true, 200);
    const view = createProgressView({ stream: out.stream, json: false });
    view.onEvent(progress({ instance: 'a', step: 'connect', state: 'started' }));
    view.onEvent(progress({ instance: 'b', step: 'connect', state: 'started' }));
    // The throttled redraw fires on its own (bounded wait: the loop ends after 50 polls).
    for (let poll = 0; poll < 50 && out.writes.length < 2; poll++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(out.writes.length).toBe(2);
    expect(out.writes[1]?.startsWith(`${ESC}[1F`)).toBe(true);
    view.onEvent(progress({ instance: 'c', step: 'connect', state: 'started' }));
    view.close();
    expect(out.writes.at(-1)?.startsWith(`${ESC}[2F`)).toBe(true);
    expect(out.writes.at(-1)?.split(`${ESC}[2K`).length).toBe(4);
  });

  it('on a terminal lower than the instance list: the lines fit the screen, the rest is one summary line', () => {
    const out = fakeStream(true, 80, 6);
    const view = createProgressView({ stream: out.stream, json: false });
    for (let index = 0; index < 12; index++) view.onEvent(progress({ instance: `ct-${index}`, step: 'connect', state: 'started' }));
    view.close();
    const final = out.writes.at(-1) ?? '';
    // The first event drew one line; the final draw backs up over it and draws rows - 1 = 5: four instances and the summary.
    expect(final.startsWith(`${ESC}[1F`)).toBe(true);
    const lines = final.split(`${ESC}[2K`).slice(1);
    expect(lines.length).toBe(5);
    expect(lines.at(-1)).toBe('… and 8 more\n');
  });
});
