import { readFileSync } from 'node:fs';

/** Product name shown by every front end. */
export const PRODUCT_NAME = 'CyberTrace HA Commissioning Wizard';

// Sources (engine/app/) and bundles (dist/<part>/) both sit two levels below the package root.
const packageJsonUrl = new URL('../../package.json', import.meta.url);

/** The tool's version, read from package.json so that one number is kept in one place. */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(packageJsonUrl, 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
