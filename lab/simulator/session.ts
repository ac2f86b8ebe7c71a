import type { Socket } from 'node:net';
import { processEvent } from './event-processor.js';
import type { FeedServiceConfig } from './feed-config.js';
import { createHandshakeReader, type SessionMode } from './handshake.js';
import { createLineSplitter } from './line-splitter.js';
import type { OutputForwarder } from './output-forwarder.js';
import type { SimLog } from './sim-log.js';

/** What every session of one service shares. */
export interface SessionContext {
  readonly config: FeedServiceConfig;
  readonly forwarder: OutputForwarder;
  readonly log: SimLog;
  readonly maxLineBytes: number;
}

/** One accepted TCP connection; it reads nothing until activated, i.e. until the service is ready. */
export interface Session {
  activate(): void;
  close(): void;
}

/** The health-check answer; LF-terminated like every other line the service sends. */
export const PONG = 'PONG\n';

/** Wraps an accepted socket (created paused) in a session. */
export function createSession(socket: Socket, context: SessionContext): Session {
  const peerIp = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const peer = `${peerIp}:${socket.remotePort ?? 0}`;
  const splitter = createLineSplitter(context.maxLineBytes);
  const handshake = createHandshakeReader();
  let mode: SessionMode | undefined;
  let draining = false;
  socket.on('error', () => socket.destroy());

  const emit = (lines: readonly string[]): void => {
    if (lines.length === 0 || mode === undefined) return;
    if (!mode.replyBack) return context.forwarder.send(lines);
    // A client that stops reading its results stops being read: bounded memory per session.
    if (!socket.write(lines.map((line) => `${line}\n`).join('')) && !draining) {
      draining = true;
      socket.pause();
      socket.once('drain', () => {
        draining = false;
        socket.resume();
      });
    }
  };

  const events = (bytes: Buffer): void => {
    const lines = splitter.push(bytes);
    if (lines === 'overflow') {
      context.log.warn(`${peer}: an event longer than ${context.maxLineBytes} bytes; connection dropped`);
      socket.destroy();
      return;
    }
    // Finished events are "for internal use and are not sent to the SIEM" (REFERENCE.md 3.5 step 8):
    // only a ReplyBack session gets them, by the config attribute or X-KF-SendFinishedEvent (1.9).
    const finished = mode?.replyBack === true && (mode.sendFinished || context.config.finished?.enabled === true);
    try {
      // An empty line is no event: nothing is matched and no finished event is sent for it.
      for (const line of lines) if (line !== '') emit(processEvent(context.config, line, peerIp, finished));
    } catch (error) {
      // A bug must cost one connection, not the service and every other session with it.
      context.log.error(`${peer}: ${error instanceof Error ? error.message : String(error)}; connection dropped`);
      socket.destroy();
    }
  };

  const onData = (chunk: Buffer): void => {
    if (mode !== undefined) return events(chunk);
    const step = handshake.push(chunk);
    switch (step.kind) {
      case 'need-more':
        return;
      case 'ping':
        // One answer per health-check connection; anything sent after the PING is ignored.
        socket.off('data', onData);
        socket.end(PONG);
        return;
      case 'session':
        mode = step.mode;
        events(step.rest);
        return;
    }
  };

  return {
    activate() {
      socket.on('data', onData);
      // The client may half-close after its last event; the results written so far still go out.
      socket.once('end', () => socket.end());
      socket.resume();
    },
    close() {
      socket.destroy();
    },
  };
}
