// IPC channel names shared by main (ipc.ts) and the preload; kept apart so the preload bundle stays small.

/** The one channel every operation call travels on: `(op, payload) -> Envelope`. */
export const INVOKE_CHANNEL = 'ctha:invoke';
/** The channel main uses to push engine events to the windows it created. */
export const EVENT_CHANNEL = 'ctha:event';
