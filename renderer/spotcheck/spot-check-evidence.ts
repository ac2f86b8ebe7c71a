// What of a spot-check goes into the project file as evidence for requirement 3's attestations, and why an
// inconsistent or incomplete one cannot: it would be attached to a statement that the lists agree.
import type { SpotCheckEvidence } from '../../shared/project/schema.js';
import type { SpotCheckResult } from '../../shared/probe/spot-check-result.js';

/** Why a result cannot be attached, in one sentence; undefined when it can. */
export function attachRefusal(result: SpotCheckResult): string | undefined {
  switch (result.outcome) {
    case 'consistent':
      return undefined;
    case 'inconsistent': {
      const differing = result.indicators.filter((entry) => !entry.consistent).length;
      return `It cannot be attached: the instances answered ${differing} indicator(s) differently, so it is not evidence that their lists agree. Align the lists (FalsePositive, InternalTI) and run it again.`;
    }
    case 'incomplete': {
      const failed = result.instances.filter((entry) => !entry.ok).map((entry) => entry.instance);
      return `It cannot be attached: ${failed.length === 0 ? 'some instance' : failed.join(', ')} could not be checked, so the instances were not all compared.`;
    }
    case 'stopped':
      return 'It cannot be attached: the run stopped on a changed certificate before anything was looked up.';
  }
}

/**
 * The canonical text of a result's comparison: per indicator, its answer groups (result, categories, instances) and
 * the instances that left it out, in the order sent. The digest is over these bytes, so the same answers give the same digest.
 */
export function comparisonText(result: SpotCheckResult): string {
  return JSON.stringify({
    apiVersion: result.apiVersion,
    instances: result.instances.map((entry) => entry.instance),
    indicators: result.indicators.map((entry) => [
      entry.indicator,
      entry.groups.map((group) => [group.result, [...group.categories], [...group.instances]]),
      [...entry.missing],
    ]),
  });
}

/** `sha256:<hex>` of text (Web Crypto: the browser, Electron and Node alike). */
export async function sha256Text(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `sha256:${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** The evidence of a consistent result (never the indicators, the user or a password); undefined for any other outcome. */
export async function spotCheckEvidence(result: SpotCheckResult): Promise<SpotCheckEvidence | undefined> {
  if (attachRefusal(result) !== undefined) return undefined;
  return {
    at: result.startedAt,
    indicators: result.indicators.length,
    instances: result.instances.map((entry) => entry.instance),
    consistent: true,
    digest: await sha256Text(comparisonText(result)),
  };
}

/** One instance's row of the results table. */
export interface InstanceRow {
  readonly instance: string;
  readonly endpoint: string;
  /** `checking` while the run is on; `answered` / `failed` after it. */
  readonly state: 'checking' | 'answered' | 'failed';
  readonly certificate: string;
  /** The failure's kind and message, when it failed. */
  readonly failure?: string;
  /** Indicators this instance answered otherwise than the largest group (or left out). */
  readonly differsOn: readonly string[];
}

const CERTIFICATE_LABELS = {
  pinned: 'pinned, matches',
  accepted: 'accepted for this run',
  'not-accepted': 'not accepted (nothing sent)',
  changed: 'CHANGED since pinned',
} as const;

/**
 * The results table's rows, one per instance in project order: while running, every instance is `checking`;
 * afterwards its certificate, failure and the indicators on which it is not with the largest group (the odd one out;
 * every instance when groups tie).
 */
export function instanceRows(
  instances: readonly { readonly name: string; readonly host: string }[],
  port: number,
  result: SpotCheckResult | undefined,
): InstanceRow[] {
  return instances.map(({ name, host }) => {
    const lookup = result?.instances.find((entry) => entry.instance === name);
    const certificate = result?.certificates.find((entry) => entry.instance === name);
    const endpoint = `${lookup?.host ?? host}:${lookup?.port ?? port}`;
    if (result === undefined || lookup === undefined)
      return {
        instance: name,
        endpoint,
        state: 'checking',
        certificate: certificate ? CERTIFICATE_LABELS[certificate.status] : '—',
        differsOn: [],
      };
    const differsOn = result.indicators.flatMap((entry) => {
      if (entry.consistent) return [];
      if (entry.missing.includes(name)) return [entry.indicator];
      const largest = Math.max(...entry.groups.map((group) => group.instances.length));
      // With no single largest group there is no majority to differ from: every instance differs.
      const tied = entry.groups.filter((group) => group.instances.length === largest).length > 1;
      const mine = entry.groups.find((group) => group.instances.includes(name));
      return mine !== undefined && (tied || mine.instances.length < largest) ? [entry.indicator] : [];
    });
    return {
      instance: name,
      endpoint,
      state: lookup.ok ? 'answered' : 'failed',
      certificate: certificate ? CERTIFICATE_LABELS[certificate.status] : '—',
      ...(lookup.failure === undefined ? {} : { failure: `${lookup.failure.kind}: ${lookup.failure.message}` }),
      differsOn,
    };
  });
}
