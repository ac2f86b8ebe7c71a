// The CyberTrace configuration model: both files of an instance as one set of facts, and the observations the audit compares.
export type * from './types.js';
export { readInstanceConfig } from './read-instance-config.js';
export { detectLayout } from './service-conf-model.js';
export { observe } from './observe.js';
