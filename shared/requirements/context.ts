import type { AlertsMode } from '../project/schema.js';

/** What a comparison needs beyond the two observations (the engine's ObserveContext has the same shape). */
export interface RequirementContext {
  /** Name of the Balancer request-id rule (project.reqRuleName, default REQ). */
  readonly reqRuleName: string;
  /** Balancer's address and cybertrace_port, when known; the alerts item is unknown without it. */
  readonly balancer?: { readonly host: string; readonly cybertracePort: number };
  /** The project's alerts setting; absent: judged as `balancer` (the behaviour before the setting existed). */
  readonly alerts?: AlertsMode;
}
