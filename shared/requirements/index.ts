// The requirement catalogue, observations, comparison and findings: pure, shared by engine and renderer.
export { REQUIREMENT_IDS, REQUIREMENT_TITLES, type RequirementId } from './ids.js';
export { REQUIREMENTS, REQUIREMENT_SPECS, type Automatable, type RequirementSpec, type RestartNeed } from './catalogue.js';
export { MANUAL_STEPS } from './manual-steps.js';
export { LAYOUT_PATHS, describePath, type ConfigLayout, type ElementPath, type LayoutPaths } from './layout-paths.js';
export type { RequirementContext } from './context.js';
export { canonicalJson, compareStrings, jsonEqual, sortCanonically, type JsonValue } from './json.js';
export { EvidenceSchema, ObservationSchema, known, unknown, type Evidence, type Observation } from './observation.js';
export { ENABLED, REQ_RULE_REGEX, REQ_RULE_TYPE, alertTarget, finishedEventText, isIpv4, placeholder, reqRuleXml } from './targets.js';
export { compareObservation, comparableKey, offTargetDetail } from './compare/compare-observation.js';
export type { Comparison } from './compare/comparer.js';
export {
  FINDING_STATUSES,
  ClusterFindingsSchema,
  FindingGroupSchema,
  FindingSchema,
  type ClusterFindings,
  type Finding,
  type FindingGroup,
  type FindingStatus,
} from './finding.js';
export {
  REQUIREMENT_PARTS,
  compareParts,
  verifyFixed,
  verifyFixedObservations,
  type FixVerdict,
  type PartComparison,
} from './verify-fixed.js';
export { evaluateCluster, type ClusterObservations, type ClusterProject, type EvaluateOptions } from './evaluate-cluster.js';
export * from './values/index.js';
