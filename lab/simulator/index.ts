// The simulator's in-process API, for the lab daemon, tests and benchmarks.
export { ConfigError, type ConfigProblem } from './config-error.js';
export { loadConfigFile, sha256Hex } from './config-file.js';
export { DEMO_FEED, DEMO_INDICATORS, type DemoRecord } from './demo-feed.js';
export { LOOKUP_FINISHED, processEvent } from './event-processor.js';
export type { FeedServiceConfig } from './feed-config.js';
export { startFeedService, type FeedServiceOptions, type RestOptions, type RunningFeedService } from './feed-service.js';
export { DEFAULT_LAB_DATA_FILE, DEFAULT_WEB_USER, readLabRestData, type LabRestData, type LabRestDataInput } from './rest-lab-data.js';
export { lookupObjects, lookupTypeOf, type LookupAnswer, type LookupCategory } from './rest-lookup.js';
export { PONG } from './session.js';
export { createMemoryLog, createSimLog, type SimLog } from './sim-log.js';
