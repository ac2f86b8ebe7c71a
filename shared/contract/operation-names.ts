/**
 * The names of the engine's operations, kept free of zod so that the Electron preload (which bundles
 * everything it uses) stays small; operations.ts must define exactly these, which the compiler checks.
 */
export const OPERATION_NAMES = [
  'app.info',
  'project.validate',
  'project.open',
  'project.save',
  'prechecks.run',
  'prompt.answer',
  'audit.run',
  'balancer.read',
  'plan.create',
  'apply.run',
  'probe.run',
  'indicators.spotCheck',
  'report.build',
  'report.verify',
  'report.run',
  'plan.read',
  'hostkeys.import',
  'hostkeys.pin',
  'balancer.import',
  'project.attest',
  'project.waive',
  'project.removeStatement',
  'files.list',
  'files.choose',
  'credentials.forget',
  'credentials.remember',
  'session.read',
  'session.save',
  'session.clear',
  'run.cancel',
] as const;

/** Name of an operation. */
export type OperationName = (typeof OPERATION_NAMES)[number];

/** Tells whether a value names an operation of the contract. */
export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (OPERATION_NAMES as readonly string[]).includes(value);
}
