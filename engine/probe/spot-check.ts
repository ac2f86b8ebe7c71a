// Requirement 3's FalsePositive / InternalTI lists and manual context cannot be listed through any
// documented API (REFERENCE.md 5, 7.9). The spot-check looks up the engineer's indicators on every
// instance and compares the answers: same result and categories everywhere means consistent for those
// indicators, which is evidence, not proof, that the lists match.
import { compareLookups } from '../../shared/probe/compare-lookups.js';
import { normaliseCertFingerprint } from '../../shared/probe/fingerprint.js';
import type {
  CertificateChanged,
  CertificateSeen,
  IndicatorAnswer,
  InstanceLookup,
  RestApiVersion,
  SpotCheckResult,
} from '../../shared/probe/spot-check-result.js';
import { restLookup, RestLookupError } from './rest-lookup.js';
import { CertificateChangedError, readServerCertificate, TlsConnectError, type ServerCertificate } from './tls-pin.js';

/** An instance's REST endpoint: its host and the port of HTTPServer/ConnectionString. */
export interface SpotCheckTarget {
  readonly instance: string;
  readonly host: string;
  readonly port: number;
}

/** A certificate nobody pinned yet, shown to the engineer to accept or not. */
export interface CertificateCandidate extends ServerCertificate {
  readonly instance: string;
  readonly host: string;
  readonly port: number;
}

/** Everything a spot-check needs; the two callbacks are how it asks a person. */
export interface SpotCheckOptions {
  readonly cluster: string;
  readonly targets: readonly SpotCheckTarget[];
  readonly indicators: readonly string[];
  readonly user: string;
  readonly apiVersion: RestApiVersion;
  readonly timeoutMs: number;
  /** Pinned fingerprints by instance name (any pasted form; normalised here). */
  readonly pins: ReadonlyMap<string, string>;
  /** Shows new certificates; resolves with the fingerprints the engineer accepted. */
  reviewCertificates(candidates: readonly CertificateCandidate[]): Promise<readonly string[]>;
  /** Asks once for the password of `user`; it is used for the lookups and then dropped. */
  askPassword(question: { readonly user: string; readonly instances: readonly string[] }): Promise<string>;
}

/**
 * Runs the spot-check: reads every certificate (nothing sent); stops the whole run, before any password
 * is asked or sent, if one differs from its pin; has new ones reviewed; asks the password once; looks
 * the indicators up on every trusted instance in parallel, re-checking the certificate on that
 * connection; compares. Rejects only when a callback rejects (a cancelled prompt).
 */
export async function spotCheckCluster(options: SpotCheckOptions): Promise<SpotCheckResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const base = { cluster: options.cluster, apiVersion: options.apiVersion, user: options.user, startedAt };
  const finish = (
    rest: Pick<SpotCheckResult, 'outcome' | 'certificates' | 'instances' | 'indicators'> & { stop?: CertificateChanged },
  ): SpotCheckResult => ({
    ...base,
    ...rest,
    durationMs: Math.round(performance.now() - started),
  });
  const pins = new Map<string, string>();
  for (const [instance, text] of options.pins) {
    const normal = normaliseCertFingerprint(text);
    if (normal === undefined) throw new Error(`the pinned fingerprint of ${instance} is not a SHA-256 fingerprint: ${text}`);
    pins.set(instance, normal);
  }

  const seen = await Promise.all(
    options.targets.map(async (target) => {
      try {
        return { target, certificate: await readServerCertificate(target.host, target.port, options.timeoutMs) };
      } catch (error) {
        return { target, failure: lookupFailure(target, error, 0) };
      }
    }),
  );
  const certificates: CertificateSeen[] = [];
  const failures: InstanceLookup[] = [];
  const candidates: CertificateCandidate[] = [];
  let stop: CertificateChanged | undefined;
  for (const entry of seen) {
    if (entry.certificate === undefined) {
      failures.push(entry.failure);
      continue;
    }
    const pinned = pins.get(entry.target.instance);
    const status = pinned === undefined ? 'not-accepted' : pinned === entry.certificate.fingerprint ? 'pinned' : 'changed';
    certificates.push({ ...entry.target, ...entry.certificate, status });
    if (status === 'changed' && pinned !== undefined)
      stop ??= changed(
        new CertificateChangedError(entry.target.host, entry.target.port, pinned, entry.certificate.fingerprint),
        entry.target.instance,
      );
    if (status === 'not-accepted') candidates.push({ ...entry.target, ...entry.certificate });
  }
  if (stop !== undefined) return finish({ outcome: 'stopped', stop, certificates, instances: failures, indicators: [] });

  const accepted = new Set(
    candidates.length === 0 ? [] : (await options.reviewCertificates(candidates)).map((text) => normaliseCertFingerprint(text)),
  );
  const trusted: { target: SpotCheckTarget; fingerprint: string }[] = [];
  for (const certificate of certificates) {
    const target = options.targets.find((candidate) => candidate.instance === certificate.instance);
    if (target === undefined) continue;
    if (certificate.status === 'not-accepted' && accepted.has(certificate.fingerprint)) certificate.status = 'accepted';
    if (certificate.status === 'not-accepted') {
      failures.push({
        ...target,
        ok: false,
        failure: {
          kind: 'certificate-not-accepted',
          message: `the certificate of ${target.host}:${target.port} (${certificate.fingerprint}) was not accepted; nothing was sent`,
        },
        answers: [],
        durationMs: 0,
      });
    } else trusted.push({ target, fingerprint: certificate.fingerprint });
  }

  let lookups: InstanceLookup[] = [];
  if (trusted.length > 0) {
    // Held in this scope only: never in the result, a message or a log.
    const password = await options.askPassword({ user: options.user, instances: trusted.map((entry) => entry.target.instance) });
    lookups = await Promise.all(
      trusted.map(async ({ target, fingerprint }): Promise<InstanceLookup> => {
        const begun = performance.now();
        try {
          const answers = await restLookup({
            ...target,
            apiVersion: options.apiVersion,
            user: options.user,
            password,
            indicators: options.indicators,
            fingerprint,
            timeoutMs: options.timeoutMs,
          });
          return {
            ...target,
            ok: true,
            answers: alignAnswers(options.indicators, answers),
            durationMs: Math.round(performance.now() - begun),
          };
        } catch (error) {
          if (error instanceof CertificateChangedError) stop ??= changed(error, target.instance);
          return lookupFailure(target, error, Math.round(performance.now() - begun));
        }
      }),
    );
  }
  const instances = options.targets
    .map((target) => [...failures, ...lookups].find((entry) => entry.instance === target.instance))
    .filter((entry) => entry !== undefined);
  if (stop !== undefined) return finish({ outcome: 'stopped', stop, certificates, instances, indicators: [] });
  const answered = instances.filter((entry) => entry.ok);
  const indicators = compareLookups(options.indicators, answered);
  const outcome =
    answered.length < options.targets.length ? 'incomplete' : indicators.every((entry) => entry.consistent) ? 'consistent' : 'inconsistent';
  return finish({ outcome, certificates, instances, indicators });
}

/**
 * Pairs answers with the indicators sent: by the echoed `object`; when the instance rewrote the
 * objects but answered each one, by position (the documented answer is in request order).
 */
export function alignAnswers(indicators: readonly string[], answers: readonly IndicatorAnswer[]): IndicatorAnswer[] {
  const byObject = new Map(answers.map((answer) => [answer.indicator, answer]));
  if (indicators.every((indicator) => byObject.has(indicator))) return indicators.map((indicator) => byObject.get(indicator)!);
  if (answers.length === indicators.length) return answers.map((answer, index) => ({ ...answer, indicator: indicators[index]! }));
  return indicators.flatMap((indicator) => byObject.get(indicator) ?? []);
}

function changed(error: CertificateChangedError, instance: string): CertificateChanged {
  return {
    kind: 'certificate-changed',
    instance,
    host: error.host,
    port: error.port,
    pinned: error.pinned,
    presented: error.presented,
    message: `${instance}: ${error.message}`,
  };
}

function lookupFailure(target: SpotCheckTarget, error: unknown, durationMs: number): InstanceLookup {
  const failure =
    error instanceof RestLookupError
      ? { kind: error.kind, message: error.message, ...(error.status === undefined ? {} : { status: error.status }) }
      : error instanceof TlsConnectError
        ? { kind: error.kind, message: error.message }
        : error instanceof CertificateChangedError
          ? { kind: 'tls' as const, message: error.message }
          : { kind: 'connection-error' as const, message: error instanceof Error ? error.message : String(error) };
  return { ...target, ok: false, failure, answers: [], durationMs };
}
