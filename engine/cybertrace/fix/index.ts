// Fixers: the exact new bytes for every drifted requirement of an instance; one code path for preview and apply.
export { planFixes, type PlanFixesResult, type PlanSide } from './plan-fixes.js';
export { applyChangesToFiles } from './apply-to-files.js';
export { SET_ASIDE_SUFFIX } from './fix-license.js';
