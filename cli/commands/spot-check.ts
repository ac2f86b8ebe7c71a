import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Prompt, PromptAnswer } from '../../shared/contract/events.js';
import { normaliseCertFingerprint } from '../../shared/probe/fingerprint.js';
import { parseIndicatorList } from '../../shared/probe/indicator-list.js';
import { REST_API_VERSIONS, type RestApiVersion, type SpotCheckResult } from '../../shared/probe/spot-check-result.js';
import { err, out } from '../output.js';
import { openEngineSession } from './engine-session.js';
import { integerOption } from './probe.js';
import { readSecretFromTerminal } from './secret-input.js';
import { UsageError } from './usage-error.js';

// An indicator list is text the engineer writes; anything this large is the wrong file.
const MAX_LIST_BYTES = 1024 * 1024;

/**
 * `ctha spot-check <cluster> --indicators FILE [--user admin] [--port 443] [--api 1.2] [--json]
 * [--pin NAME=SHA256]... [--accept-cert] [--password-env VAR] [--timeout-ms N]`: REST lookups of the
 * listed indicators on every instance, compared (requirement 3). Exit 0 consistent, 2 inconsistent,
 * 1 when an instance could not be checked or a certificate changed; bad options are thrown (exit 1).
 */
export async function runSpotCheck(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      indicators: { type: 'string' },
      user: { type: 'string', default: 'admin' },
      port: { type: 'string' },
      api: { type: 'string', default: '1.2' },
      json: { type: 'boolean' },
      pin: { type: 'string', multiple: true },
      'accept-cert': { type: 'boolean' },
      'password-env': { type: 'string' },
      'timeout-ms': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('spot-check takes exactly one project file');
  if (values.indicators === undefined) throw new UsageError('spot-check needs --indicators FILE (one indicator per line)');
  const apiVersion = values.api as RestApiVersion;
  if (!REST_API_VERSIONS.includes(apiVersion))
    throw new UsageError(`--api expects one of ${REST_API_VERSIONS.join(', ')}, got "${values.api}"`);
  if (values.user.trim() === '' || values.user.includes(':')) throw new UsageError('--user expects a user name without ":"');
  const port = integerOption('--port', values.port, 443, 1, 65535);
  const timeoutMs = integerOption('--timeout-ms', values['timeout-ms'], 15_000, 500, 120_000);
  const envName = values['password-env'];
  if (envName !== undefined && process.env[envName] === undefined)
    throw new UsageError(`--password-env ${envName}: the variable is not set`);
  const indicators = await readIndicatorList(values.indicators);
  const acceptAll = values['accept-cert'] === true;
  // The certificate review and the REST password arrive as the engine's prompts, like the wizard's.
  const answer = async (prompt: Prompt): Promise<PromptAnswer> => {
    if (prompt.kind === 'certificate-review')
      return { kind: 'certificate-review', acceptedFingerprints: await reviewCertificates(prompt.certificates, acceptAll) };
    if (prompt.kind === 'password' && prompt.purpose === 'rest') {
      // The secret comes from the variable the user named, or from the terminal; never from argv.
      const secret =
        (envName === undefined ? undefined : process.env[envName]) ??
        (await readSecretFromTerminal(`REST password for ${prompt.user} (${prompt.instance}): `));
      return { kind: 'password', secret };
    }
    throw new Error(`unexpected ${prompt.kind} prompt`);
  };
  const session = openEngineSession({ command: 'spot-check', answer, progress: { json: values.json === true } });
  let result;
  try {
    const { project } = await session.api['project.open']({ path: file });
    const pins = parsePins(values.pin ?? [], new Set(project.instances.map((instance) => instance.name)));
    result = await session.api['indicators.spotCheck']({
      path: file,
      indicators: [...indicators],
      user: values.user,
      port,
      apiVersion,
      timeoutMs,
      pins: [...pins].map(([instance, fingerprint]) => ({ instance, fingerprint })),
    });
  } finally {
    session.close();
  }
  if (values.json) out(JSON.stringify(result, null, 2));
  else printSpotCheck(result);
  return result.outcome === 'consistent' ? 0 : result.outcome === 'inconsistent' ? 2 : 1;
}

async function readIndicatorList(path: string): Promise<readonly string[]> {
  let text: string;
  try {
    if ((await stat(path)).size > MAX_LIST_BYTES)
      throw new UsageError(`--indicators ${path}: larger than ${MAX_LIST_BYTES} bytes; not an indicator list`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--indicators ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const parsed = parseIndicatorList(text);
  if (!parsed.ok)
    throw new UsageError(
      `--indicators ${path}: ${parsed.issues.map((issue) => (issue.line > 0 ? `line ${issue.line}: ${issue.message}` : issue.message)).join('; ')}`,
    );
  return parsed.indicators;
}

/** `--pin NAME=SHA256` values as a map, checked against the project's instance names. */
export function parsePins(values: readonly string[], instances: ReadonlySet<string>): Map<string, string> {
  const pins = new Map<string, string>();
  for (const value of values) {
    const at = value.indexOf('=');
    const name = value.slice(0, Math.max(at, 0));
    const fingerprint = normaliseCertFingerprint(value.slice(at + 1));
    if (at <= 0 || fingerprint === undefined) throw new UsageError(`--pin expects NAME=SHA256 (32 hex pairs), got "${value}"`);
    if (!instances.has(name)) throw new UsageError(`--pin ${name}: no such instance in the project`);
    if (pins.has(name)) throw new UsageError(`--pin ${name} given twice`);
    pins.set(name, fingerprint);
  }
  return pins;
}

type CertificateCandidate = Extract<Prompt, { kind: 'certificate-review' }>['certificates'][number];

async function reviewCertificates(candidates: readonly CertificateCandidate[], acceptAll: boolean): Promise<string[]> {
  const accepted: string[] = [];
  for (const candidate of candidates) {
    err(`New TLS certificate: ${candidate.instance} ${candidate.host}:${candidate.port} SHA-256 ${candidate.fingerprint}`);
    err(`  subject ${candidate.subject}; issuer ${candidate.issuer}; valid ${candidate.validFrom} to ${candidate.validTo}`);
    if (acceptAll || (process.stdin.isTTY && (await confirm('  Accept this certificate for this run? [y/N] '))))
      accepted.push(candidate.fingerprint);
  }
  if (accepted.length < candidates.length) {
    err(
      'Not accepted: compare with "openssl x509 -noout -fingerprint -sha256 -in <service_dir>/httpsrv/kl_feed_service_cert.pem" on each host,',
    );
    err('then run again with --pin NAME=FINGERPRINT (or --accept-cert).');
  }
  return accepted;
}

function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}

function printSpotCheck(result: SpotCheckResult): void {
  if (result.stop !== undefined) {
    out(`STOP  ${result.stop.message}`);
    out('Outcome: stopped (no password was asked for or sent).');
    return;
  }
  for (const certificate of result.certificates) {
    if (certificate.status === 'accepted')
      out(`cert  ${certificate.instance}: accepted for this run; next time: --pin ${certificate.instance}=${certificate.fingerprint}`);
  }
  for (const instance of result.instances)
    if (!instance.ok) out(`FAIL  ${instance.instance}: ${instance.failure?.kind}: ${instance.failure?.message}`);
  for (const entry of result.indicators) {
    const describe = (group: { result: string; categories: readonly string[] }): string =>
      `${group.result} [${group.categories.join(', ')}]`;
    const [only] = entry.groups;
    if (entry.consistent && only !== undefined) {
      out(`SAME  ${entry.indicator}: ${describe(only)} on ${only.instances.length} instance(s)`);
      continue;
    }
    out(`DIFF  ${entry.indicator}:`);
    for (const group of entry.groups) out(`        ${describe(group)}: ${group.instances.join(', ')}`);
    if (entry.missing.length > 0) out(`        no answer: ${entry.missing.join(', ')}`);
  }
  out(
    `Outcome: ${result.outcome}. Only the listed indicators were compared: a match is evidence for requirement 3, not proof; attest the rest.`,
  );
}
