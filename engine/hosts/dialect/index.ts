// The host layer's API: detect a host, get its dialect, and the vocabulary both dialects share.
export { detectHost, openDialect } from './open-dialect.js';
export type { OpenDialectOptions } from './open-dialect.js';
export { HostError, HostCommandError, failureReason, commandFailureReason } from './errors.js';
export type { FailureReason, HostErrorCode } from './errors.js';
export { sha256Hex } from './digest.js';
export { DEFAULT_HOST_TIMEOUT_MS } from './types.js';
export type {
  CallOptions,
  DialectOptions,
  FileFacts,
  GatherRequest,
  GatherResult,
  HostDetection,
  HostDialect,
  HostDirEntry,
  HostOs,
  HostPaths,
  Privilege,
  PrivilegeReport,
} from './types.js';
export type {
  ServiceActionResult,
  ServiceCallOptions,
  ServiceController,
  ServiceDetection,
  ServiceLocation,
  ServiceMethod,
  ServiceState,
  ServiceStatus,
} from './service-types.js';
