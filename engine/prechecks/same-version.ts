// The cluster-wide `same-version` pre-check: CyberTrace versions as `kl_feed_service -v` states them
// (REFERENCE 2.1), compared when every instance's is known; otherwise the configuration layouts, saying why.
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import type { ConfigLayout } from './config-layout.js';
import { fail, pass, skipped } from './result.js';

/** What one instance's pre-checks learnt for this check; undefined when they stopped before discovery. */
export interface VersionInput {
  readonly name: string;
  readonly version?: { readonly value?: string; readonly evidence: string };
  readonly layout?: ConfigLayout;
}

/** A dotted version as numbers without trailing zero parts: `5.1`, `5.1.0` and `5.1.0.0` are one version. */
export function versionKey(version: string): string {
  const parts = version.split('.').map((part) => String(Number(part)));
  while (parts.length > 1 && parts[parts.length - 1] === '0') parts.pop();
  return parts.join('.');
}

/**
 * Passes when every instance states one version; with any version unknown, falls back to the layouts
 * (REFERENCE 1.4: 4.x and 5.x differ), naming the instances whose version is unknown and why.
 */
export function sameVersion(inputs: readonly VersionInput[]): PrecheckResult {
  if (inputs.some((input) => input.version === undefined))
    return skipped('same-version', undefined, 'the installation of some instance could not be read');
  const versions = inputs.map((input) => input.version?.value);
  if (versions.every((version): version is string => version !== undefined)) {
    const evidence = inputs.map((input, index) => `${input.name}: ${versions[index] ?? '?'}`).join('; ');
    return new Set(versions.map(versionKey)).size === 1
      ? pass('same-version', undefined, `versions (kl_feed_service -v): ${evidence}`)
      : fail('same-version', undefined, `versions differ (kl_feed_service -v): ${evidence}`);
  }
  const unknown = inputs
    .filter((input) => input.version?.value === undefined)
    .map((input) => `${input.name} (${input.version?.evidence ?? 'not read'})`);
  const why = `version unknown on ${unknown.join(', ')}; compared the configuration layouts instead`;
  if (inputs.some((input) => input.layout === undefined))
    return skipped('same-version', undefined, `${why}, but the configuration of some instance could not be read`);
  const layouts = inputs.map((input) => input.layout);
  const evidence = `${why}: ${inputs.map((input, index) => `${input.name}: ${layouts[index] ?? '?'} layout`).join('; ')}`;
  return new Set(layouts).size === 1 && !layouts.includes('unknown')
    ? pass('same-version', undefined, evidence)
    : fail('same-version', undefined, evidence);
}
