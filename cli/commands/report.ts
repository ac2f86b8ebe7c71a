import { parseArgs } from 'node:util';
import { buildReport } from '../../engine/report/build-report.js';
import { readEvidenceInputFile } from '../../engine/report/evidence-input-file.js';
import type { AskPassphrase, IdentityChoice } from '../../engine/report/identity/resolve-identity.js';
import { resolveIdentity } from '../../engine/report/identity/resolve-identity.js';
import { EvidenceInputSchema } from '../../shared/report/evidence.js';
import { formatIssues, issuesFromZod } from '../../shared/project/issues.js';
import { err, out } from '../output.js';
import { readSecretFromTerminal } from './secret-input.js';
import { UsageError } from './usage-error.js';

/** Usage of `ctha report` (for the help text). */
export const REPORT_USAGE =
  'report build --evidence FILE --out DIR (--p12 FILE | --identity create) [--p12-pass-env VAR] [--secret-env VAR]... [--json]';

/**
 * `ctha report build ...`: builds and signs a report bundle from an evidence input file. The passphrase
 * comes from the environment variable named by --p12-pass-env or from the terminal, never from argv;
 * --secret-env names variables holding other secrets (lab passwords) that must not be in the bundle.
 * Exit 0 written, 1 error (nothing written).
 */
export async function runReport(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'build') throw new UsageError(sub === undefined ? `report needs a subcommand: ${REPORT_USAGE}` : `unknown report subcommand "${sub}"`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      evidence: { type: 'string' },
      out: { type: 'string' },
      p12: { type: 'string' },
      identity: { type: 'string' },
      'p12-pass-env': { type: 'string' },
      'secret-env': { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`report build takes no positional arguments (got "${positionals[0] ?? ''}")`);
  if (values.evidence === undefined || values.out === undefined) throw new UsageError('report build needs --evidence FILE and --out DIR');
  if ((values.p12 === undefined) === (values.identity === undefined)) throw new UsageError('report build needs exactly one of --p12 FILE or --identity create');
  if (values.identity !== undefined && values.identity !== 'create') throw new UsageError(`--identity takes "create" (the product's own certificate, created on first use), not "${values.identity}"`);
  const choice: IdentityChoice = values.p12 !== undefined ? { kind: 'p12', path: values.p12 } : { kind: 'product' };
  const secrets = (values['secret-env'] ?? []).map((name) => fromEnv(name, '--secret-env'));

  const evidence = await readEvidenceInputFile(values.evidence);
  const parsed = EvidenceInputSchema.safeParse(evidence);
  if (!parsed.success) throw new Error(`${values.evidence} is not a valid evidence input:\n${formatIssues(issuesFromZod(parsed.error))}`);
  const resolved = await resolveIdentity(choice, parsed.data.engineer.name, passphraseSource(values['p12-pass-env']));
  for (const warning of resolved.warnings) err(`warning: ${warning}`);
  if (resolved.created) err(`Created a signing identity for "${parsed.data.engineer.name}" (self-signed RSA 3072), kept passphrase-protected.`);
  const built = await buildReport({ evidence, signer: resolved.identity, outDir: values.out, knownSecrets: [...secrets, ...resolved.passphrases] });
  if (values.json) {
    out(JSON.stringify({ ...built, identityCreated: resolved.created, warnings: resolved.warnings }, null, 2));
    return 0;
  }
  out(`Report bundle written to ${built.outDir}`);
  for (const file of built.files) out(`  ${file.name.padEnd(18)} ${String(file.bytes).padStart(9)} bytes  SHA-256 ${file.sha256}`);
  out(`Verdict: ${built.verdict.outcome.toUpperCase()} - ${built.verdict.summary}`);
  out(`Signed by ${built.signer.subject}`);
  out(`Certificate SHA-256 ${built.signer.sha256Fingerprint}`);
  out(`Signed at ${built.signedAt} (this computer's clock; no trusted timestamp)`);
  return 0;
}

function fromEnv(name: string, flag: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new UsageError(`${flag} ${name}: the environment variable ${name} is not set`);
  return value;
}

// The passphrase from the named variable, else from the terminal (typed twice when it protects a new identity).
function passphraseSource(envName: string | undefined): AskPassphrase {
  return async ({ purpose, path }) => {
    if (envName !== undefined) return fromEnv(envName, '--p12-pass-env');
    if (purpose === 'unlock') return readSecretFromTerminal(`Passphrase for ${path}: `);
    const first = await readSecretFromTerminal(`New passphrase to protect ${path}: `);
    const second = await readSecretFromTerminal('Type it again: ');
    if (first !== second) throw new UsageError('the two passphrases differ; nothing was created');
    return first;
  };
}
