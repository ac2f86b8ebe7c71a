// Safe writes of host files: backup, temp, verify, atomic rename, typed failures naming the step.
export { writeFileSafely } from './write-file-safely.js';
export { SafeWriteError } from './safe-write-error.js';
export { backupName, backupStamp } from './names.js';
export { SAFE_WRITE_STEPS } from './types.js';
export type { OriginalState, SafeWriteOptions, SafeWriteResult, SafeWriteStep, StepRecord } from './types.js';
