/** Where one engine run of a step stands; every step that calls the engine uses the same four states. */
export type RunStatus = 'idle' | 'running' | 'done' | 'failed';
