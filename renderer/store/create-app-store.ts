import type { CthaApi } from '../../shared/contract/api.js';
import type { StoreApi } from 'zustand/vanilla';
import { createStore } from 'zustand/vanilla';
import { createAppSlice } from './app-slice.js';
import type { AppState } from './app-state.js';
import { createApplySlice } from './apply-slice.js';
import { createAuditSlice } from './audit-slice.js';
import { createNavigationSlice } from './navigation-slice.js';
import { createPlanSlice } from './plan-slice.js';
import { createPrecheckSlice } from './precheck-slice.js';
import { createProbeSlice } from './probe-slice.js';
import { createProgressSlice } from './progress-slice.js';
import { createProjectSlice } from './project-slice.js';
import { createPromptSlice } from './prompt-slice.js';
import { createReportSlice } from './report-slice.js';
import { createStatementsSlice } from './statements-slice.js';
import { createFilesSlice } from './files-slice.js';
import { createSessionSlice } from './session-slice.js';

/** The renderer's store. */
export type AppStore = StoreApi<AppState>;

/** Builds the one store of the renderer over an API; tests pass a fake one, the app the real client. */
export function createAppStore(api: CthaApi): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createNavigationSlice(...args),
    ...createProjectSlice(api)(...args),
    ...createAppSlice(api)(...args),
    ...createPromptSlice(api)(...args),
    ...createPrecheckSlice(api)(...args),
    ...createAuditSlice(api)(...args),
    ...createPlanSlice(api)(...args),
    ...createApplySlice(api)(...args),
    ...createProbeSlice(api)(...args),
    ...createReportSlice(api)(...args),
    ...createProgressSlice(api)(...args),
    ...createStatementsSlice(api)(...args),
    ...createFilesSlice(api)(...args),
    ...createSessionSlice(api)(...args),
  }));
}
