import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** Product name shown by every front end. */
export const PRODUCT_NAME = 'CyberTrace HA Commissioning Wizard';

/** The tool's version, read from package.json so that one number is kept in one place. */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
