import { parseArgs } from 'node:util';
import { out } from '../output.js';
import { openEngineSession } from './engine-session.js';
import { UsageError } from './usage-error.js';

/** `ctha verify-report <dir|report.pdf> [--json]`: exit 0 every check holds, 2 a check failed (with the specific reason), 1 error. */
export async function runVerifyReport(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) throw new UsageError('verify-report takes exactly one report folder or report.pdf');
  const session = openEngineSession({ command: 'verify-report' });
  let result;
  try {
    result = await session.api['report.verify']({ path });
  } finally {
    session.close();
  }
  if (values.json) {
    out(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 2;
  }
  for (const check of result.checks) out(`${check.ok ? 'OK  ' : 'FAIL'}  ${check.name}: ${check.detail}`);
  if (result.signer)
    out(
      `Signer: ${result.signer.subject} (certificate SHA-256 ${result.signer.sha256Fingerprint}${result.signer.selfSigned ? ', self-signed' : ''})`,
    );
  if (result.signingTime) out(`Signing time: ${result.signingTime} (the signing laptop's clock; no trusted timestamp)`);
  if (result.ok) {
    out(`VERIFIED: ${path} (${result.mode === 'pdf' ? 'the PDF alone: its signature and its attached evidence' : 'the whole bundle'})`);
    // The signature proves who signed what; the verdict is what was signed, and may well be FAIL or INCOMPLETE.
    if (result.verdict) out(`Signed verdict: ${result.verdict.outcome.toUpperCase()}: ${result.verdict.summary}`);
    return 0;
  }
  out(`NOT VERIFIED (${result.failure?.code ?? 'unknown'}): ${result.failure?.message ?? ''}`);
  return 2;
}
