import type { AppSlice } from './app-slice.js';
import type { ApplySlice } from './apply-slice.js';
import type { AuditSlice } from './audit-slice.js';
import type { NavigationSlice } from './navigation-slice.js';
import type { PlanSlice } from './plan-slice.js';
import type { PrecheckSlice } from './precheck-slice.js';
import type { ProbeSlice } from './probe-slice.js';
import type { ProgressSlice } from './progress-slice.js';
import type { ProjectSlice } from './project-slice.js';
import type { PromptSlice } from './prompt-slice.js';
import type { ReportSlice } from './report-slice.js';
import type { StatementsSlice } from './statements-slice.js';
import type { FilesSlice } from './files-slice.js';
import type { SessionSlice } from './session-slice.js';

/** The whole renderer state: the union of every slice, so any slice's actions may read or set another's. */
export type AppState = NavigationSlice &
  ProjectSlice &
  AppSlice &
  PromptSlice &
  PrecheckSlice &
  AuditSlice &
  PlanSlice &
  ApplySlice &
  ProbeSlice &
  ReportSlice &
  ProgressSlice &
  StatementsSlice &
  FilesSlice &
  SessionSlice;
