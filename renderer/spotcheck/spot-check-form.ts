// The spot-check panel's fields turned into the `indicators.spotCheck` input, with an error at each field that
// is wrong; checked here so that nothing is sent (and no password asked) for a list the engine would refuse.
import { parseIndicatorList } from '../../shared/probe/indicator-list.js';
import { REST_API_VERSIONS, type RestApiVersion } from '../../shared/probe/spot-check-result.js';

/** The fields as typed. */
export interface SpotCheckFields {
  readonly indicators: string;
  readonly user: string;
  readonly port: string;
  readonly apiVersion: string;
}

/** The panel's field names. */
export type SpotCheckField = keyof SpotCheckFields;

/** What the panel sends (the project path is the store's). */
export interface SpotCheckRequest {
  readonly indicators: readonly string[];
  readonly user: string;
  readonly port: number;
  readonly apiVersion: RestApiVersion;
}

/** The request, or the errors by field. */
export type SpotCheckFormResult =
  | { readonly ok: true; readonly value: SpotCheckRequest }
  | { readonly ok: false; readonly errors: Partial<Record<SpotCheckField, string>> };

/** The fields a new panel shows: the documented default account and port (REFERENCE.md 1.8, 5), API 1.2 (4.3 and later). */
export const DEFAULT_SPOT_CHECK_FIELDS: SpotCheckFields = { indicators: '', user: 'admin', port: '443', apiVersion: '1.2' };

/**
 * The training lab's REST port (lab/simulator/lab-rest.ts LAB_REST_PORT; the renderer may not import lab/, a
 * test keeps the two equal) and its Web account (the documented default, REFERENCE.md 1.8): lab-only, shown on screen there.
 */
export const TRAINING_LAB_REST = { port: 9443, user: 'admin', password: 'CyberTrace!1' } as const;

/** The fields a new panel shows in the training lab: its REST port and the demo feed's indicators (lab/simulator/demo-feed.ts) with one it does not hold. */
export const TRAINING_SPOT_CHECK_FIELDS: SpotCheckFields = {
  ...DEFAULT_SPOT_CHECK_FIELDS,
  port: String(TRAINING_LAB_REST.port),
  indicators: '# the training lab demo feed\nhttp://demo-botnet-cnc.example/gate.php\n192.0.2.100\n# not in any feed\n198.51.100.7\n',
};

/** Checks every field; the indicator list's problems name their lines. */
export function spotCheckFromForm(fields: SpotCheckFields): SpotCheckFormResult {
  const errors: Partial<Record<SpotCheckField, string>> = {};
  const list = parseIndicatorList(fields.indicators);
  if (!list.ok)
    errors.indicators = list.issues.map((issue) => (issue.line > 0 ? `line ${issue.line}: ${issue.message}` : issue.message)).join('; ');
  const user = fields.user.trim();
  // Basic authentication joins user and password with ":" (rest-lookup.ts): a name holding one cannot be sent.
  if (user === '') errors.user = 'expected the REST user name (CyberTrace Web account)';
  else if (user.includes(':')) errors.user = 'expected a user name without ":" (Basic authentication cannot carry it)';
  const port = /^\d{1,5}$/.test(fields.port.trim()) ? Number(fields.port.trim()) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) errors.port = 'expected a port 1-65535 (HTTPServer/ConnectionString, 443 by default)';
  const apiVersion = REST_API_VERSIONS.find((version) => version === fields.apiVersion);
  if (apiVersion === undefined) errors.apiVersion = `expected one of ${REST_API_VERSIONS.join(', ')}`;
  if (!list.ok || Object.keys(errors).length > 0 || apiVersion === undefined) return { ok: false, errors };
  return { ok: true, value: { indicators: list.indicators, user, port, apiVersion } };
}
