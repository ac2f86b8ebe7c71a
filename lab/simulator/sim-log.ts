import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the simulator writes its log lines: `<ISO time> <LEVEL> <message>`. */
export interface SimLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  close(): void;
}

/** Log levels, as they appear in the line. */
export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/** Formats one log line (with its LF). */
export function formatLogLine(level: LogLevel, message: string, now = new Date()): string {
  return `${now.toISOString()} ${level} ${message.replace(/[\r\n]+/g, ' ')}\n`;
}

/**
 * A log appending to `path` (created with its folder) or, without a path, writing to stderr.
 * Writes are synchronous: a refusal's ERROR line must be on disk before the process exits,
 * because the service controller reads it from there.
 */
export function createSimLog(path: string | undefined): SimLog {
  let fd: number | undefined;
  let closed = false;
  if (path !== undefined) {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'a');
  }
  const write = (level: LogLevel, message: string): void => {
    if (closed) return;
    const line = formatLogLine(level, message);
    if (fd === undefined) process.stderr.write(line);
    else writeSync(fd, line);
  };
  return {
    info: (message) => write('INFO', message),
    warn: (message) => write('WARN', message),
    error: (message) => write('ERROR', message),
    close: () => {
      if (fd !== undefined && !closed) closeSync(fd);
      closed = true;
    },
  };
}

/** A log that keeps lines in memory: the in-process default, and handy in tests. */
export function createMemoryLog(): SimLog & { readonly lines: string[] } {
  const lines: string[] = [];
  const keep = (level: LogLevel) => (message: string) => {
    lines.push(formatLogLine(level, message).trimEnd());
    // Bounded: a long-running in-process service must not grow without limit.
    if (lines.length > 1000) lines.splice(0, lines.length - 1000);
  };
  return { lines, info: keep('INFO'), warn: keep('WARN'), error: keep('ERROR'), close: () => undefined };
}
