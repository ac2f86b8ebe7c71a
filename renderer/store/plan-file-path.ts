/**
 * Where the wizard saves the plan it shows: beside the project (`customer.ctha.json` -> `customer.plan.json`),
 * so Apply writes exactly the bytes the engineer reviewed, from a file they can keep with the report.
 */
export function planFilePath(projectPath: string): string {
  return projectPath.endsWith('.ctha.json') ? `${projectPath.slice(0, -'.ctha.json'.length)}.plan.json` : `${projectPath}.plan.json`;
}
