// The CLI's live view of a run's progress events: redrawn lines on a terminal, plain lines in a log, nothing for --json.
import type { EngineEvent, ProgressEvent, TranscriptEvent } from '../../shared/contract/events.js';

/** What the view shows for one instance (or, without a name, the run as a whole). */
interface Row {
  readonly instance: string | undefined;
  step: string;
  state: ProgressEvent['state'];
  detail: string | undefined;
  done: number | undefined;
  total: number | undefined;
  /** Remote operations seen for this instance (transcript events). */
  operations: number;
}

/** The view a CLI command feeds its run's events to; close() once the run ended. */
export interface ProgressView {
  /** Takes one engine event; events other than progress and transcript are ignored. */
  onEvent(event: EngineEvent): void;
  /** Draws the final state (terminal) and stops redrawing; later events are ignored. */
  close(): void;
}

/** Redraws on a terminal at most this often (about 10 per second). */
const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 12;
/** Longest command shown in a plain transcript line; the full one is in the report's transcript. */
const COMMAND_WIDTH = 100;
const ESC = '\u001b';

/**
 * Creates the progress view for one CLI command. On a terminal (stream.isTTY) it keeps one line per
 * instance (bar, step, detail) and redraws them in place with ANSI cursor movement, truncated to
 * stream.columns, at most ~10 times a second; elsewhere it writes one plain line per event with no
 * control characters; with `json` it writes nothing (stdout carries only the final JSON).
 */
export function createProgressView(options: { stream: NodeJS.WriteStream; json: boolean; transcript?: boolean }): ProgressView {
  const { stream, json } = options;
  if (json) return { onEvent: () => undefined, close: () => undefined };
  return stream.isTTY ? liveView(stream) : plainView(stream, options.transcript !== false);
}

/** One line per event, for logs and pipes. Transcript events are one short line each (command truncated), unless left out. */
function plainView(stream: NodeJS.WriteStream, transcript: boolean): ProgressView {
  let closed = false;
  return {
    onEvent(event) {
      if (closed) return;
      const line =
        event.name === 'progress'
          ? progressLine(event.payload)
          : event.name === 'transcript' && transcript
            ? transcriptLine(event.payload)
            : undefined;
      if (line !== undefined) stream.write(`${line}\n`);
    },
    close() {
      closed = true;
    },
  };
}

/** One redrawn line per instance, plus one for the run's own steps once it has any. */
function liveView(stream: NodeJS.WriteStream): ProgressView {
  const rows = new Map<string, Row>();
  let drawnLines = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const draw = (): void => {
    timer = undefined;
    lastDraw = performance.now();
    // One column spare: writing into the last column wraps on some terminals and breaks the cursor arithmetic.
    const width = Math.max(20, (stream.columns || 80) - 1);
    let lines = [...rows.values()].map((row) => truncate(rowLine(row), width));
    // More lines than the screen has cannot be redrawn in place (the cursor stops at the top): the rest is one summary line.
    const room = stream.rows ? Math.max(3, stream.rows - 1) : Number.POSITIVE_INFINITY;
    if (lines.length > room) lines = [...lines.slice(0, room - 1), truncate(`… and ${lines.length - room + 1} more`, width)];
    // Back to the first line drawn last time, then rewrite every line (erasing what was there).
    let out = drawnLines > 0 ? `${ESC}[${drawnLines}F` : '';
    for (const line of lines) out += `${ESC}[2K${line}\n`;
    stream.write(out);
    drawnLines = lines.length;
  };

  const schedule = (): void => {
    if (timer !== undefined) return;
    const wait = REDRAW_INTERVAL_MS - (performance.now() - lastDraw);
    if (wait <= 0) return draw();
    timer = setTimeout(draw, wait);
    // A pending redraw must not keep the process alive after the command finished.
    timer.unref?.();
  };

  return {
    onEvent(event) {
      if (closed) return;
      if (event.name === 'progress') {
        const p = event.payload;
        const key = p.instance ?? '';
        const row = rows.get(key) ?? {
          instance: p.instance,
          step: p.step,
          state: p.state,
          detail: undefined,
          done: undefined,
          total: undefined,
          operations: 0,
        };
        row.step = p.step;
        row.state = p.state;
        row.detail = p.detail;
        // done/total stay from the last event that had them: a step without counts does not empty the bar.
        if (p.done !== undefined) row.done = p.done;
        if (p.total !== undefined) row.total = p.total;
        rows.set(key, row);
      } else if (event.name === 'transcript') {
        const row = rows.get(event.payload.instance);
        if (!row) return;
        row.operations += 1;
      } else {
        return;
      }
      schedule();
    },
    close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      if (rows.size > 0) draw();
    },
  };
}

/** `name  [#####-------]  3/5  step done: detail · 12 ops`, sanitised. */
function rowLine(row: Row): string {
  const name = clean(row.instance ?? 'run');
  const counts = row.done !== undefined && row.total !== undefined ? ` ${row.done}/${row.total}` : '';
  const detail = row.detail ? `: ${clean(row.detail)}` : '';
  const ops = row.operations > 0 ? ` · ${row.operations} ops` : '';
  return `${name.padEnd(16)} ${bar(row)}${counts} ${clean(row.step)} ${row.state}${detail}${ops}`;
}

/** A fixed-width bar: done/total when known, otherwise full once the step ended and empty while it runs. */
function bar(row: Row): string {
  let fraction = row.state === 'started' ? 0 : 1;
  if (row.done !== undefined && row.total !== undefined && row.total > 0) fraction = Math.min(1, row.done / row.total);
  const filled = Math.round(fraction * BAR_WIDTH);
  const fill = row.state === 'failed' ? 'x' : '#';
  return `[${fill.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

/** `instance: step started (detail) [done/total]` without control characters. */
function progressLine(p: ProgressEvent): string {
  const who = p.instance === undefined ? 'run' : clean(p.instance);
  const detail = p.detail ? ` (${clean(p.detail)})` : '';
  const counts = p.done !== undefined && p.total !== undefined ? ` [${p.done}/${p.total}]` : '';
  return `${who}: ${clean(p.step)} ${p.state}${detail}${counts}`;
}

/** `  instance $ command -> exit 0, 12 ms`, the command cut to COMMAND_WIDTH. */
function transcriptLine(t: TranscriptEvent): string {
  const exit = t.exit === null ? 'no exit status' : `exit ${t.exit}`;
  return `  ${clean(t.instance)} $ ${truncate(clean(t.command), COMMAND_WIDTH)} -> ${exit}, ${Math.round(t.ms)} ms`;
}

/** Replaces control characters (C0, DEL, C1) with spaces: a host's text must never move the cursor or recolour the terminal. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** Cuts a line to `width` characters, marking the cut with an ellipsis. */
function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
