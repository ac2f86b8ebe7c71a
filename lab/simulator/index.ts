// The simulator's in-process API, for the lab daemon, tests and benchmarks.
export { ConfigError, type ConfigProblem } from './config-error.js';
export { loadConfigFile, sha256Hex } from './config-file.js';
export { DEMO_FEED, DEMO_INDICATORS, type DemoRecord } from './demo-feed.js';
export { LOOKUP_FINISHED, processEvent } from './event-processor.js';
export type { FeedServiceConfig } from './feed-config.js';
export { startFeedService, type FeedServiceOptions, type RunningFeedService } from './feed-service.js';
export { PONG } from './session.js';
export { createMemoryLog, createSimLog, type SimLog } from './sim-log.js';
