// The lab `ctha demo` starts, interactive or headless: the same hosts, drift and training settings.
import { join } from 'node:path';

/** Where the demo's lab lives on loopback unless --address-base says otherwise. */
export const DEMO_ADDRESS_BASE = '127.0.50.10';

/**
 * `ctha lab up` arguments of the demo's lab in `dir`: two Linux instances and one Windows, the default
 * drift, the project logging in with the lab's key, and sudo without a password on these emulated hosts
 * (the training lab only: nothing to copy from lab.json).
 */
export function demoLabArgs(dir: string, addressBase: string): string[] {
  return [
    '--out',
    dir,
    '--linux',
    '2',
    '--windows',
    '1',
    '--drift',
    'default',
    '--address-base',
    addressBase,
    '--backend',
    'emulated',
    '--key-login',
    '--passwordless-sudo',
  ];
}

/** The project file the demo's lab writes in `dir`. */
export function demoProjectPath(dir: string): string {
  return join(dir, 'cluster.ctha.json');
}
