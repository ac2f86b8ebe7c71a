// The SSH session API the rest of the engine uses (docs/SSH-SESSIONS.md).
export { PASSWORD_TRIES, openSession } from './open-session.js';
export type { SshSession } from './session.js';
export { SessionError, SESSION_ERROR_CODES, isSessionError } from './errors.js';
export type { SessionErrorCode, SftpReason } from './errors.js';
export { DEFAULT_TIMEOUTS } from './context.js';
export { DEFAULT_CAPS, EXEC_OUTPUT_CAP_BYTES, FILE_CAP_BYTES, GATHER_OUTPUT_CAP_BYTES, MIB, formatBytes, withOutputKind } from './caps.js';
export type { OutputCaps, OutputKind } from './caps.js';
export { DEFAULT_MAX_CHANNELS } from './connection.js';
export { DEFAULT_CHANNEL_RETRY } from './channel-retry.js';
export type {
  ChannelRetryPolicy,
  ChannelStats,
  ExecOptions,
  ExecResult,
  ReadFileOptions,
  RemoteDirEntry,
  RemoteStat,
  RenameMethod,
  SessionDeps,
  SessionTarget,
  SessionTimeouts,
} from './types.js';
