// The report bundle builder: evidence.json (canonical bytes), its detached CMS signature, the signed
// report.pdf with the evidence attached and its hash printed, and VERIFY.txt. Checks for secrets and
// verifies its own output before anything reaches the disk, then writes the folder atomically.
import { BUNDLE_FILES } from '../../shared/report/bundle-files.js';
import type { Verdict } from '../../shared/report/verdict.js';
import type { SignerSummary, VerifyReportResult } from '../../shared/report/verification.js';
import { PRODUCT_NAME, toolVersion } from '../app/version.js';
import { signDetached } from './cms/sign-detached.js';
import { buildEvidenceDocument, sha256Hex, signingTimeOf } from './evidence-document.js';
import type { SigningIdentity } from './identity/signing-identity.js';
import { describeCertificate } from './identity/signing-identity.js';
import { renderReportPdf } from './pdf/render-report-pdf.js';
import { signPdf } from './pdf/sign-pdf.js';
import type { SecretHit } from './secret-scan.js';
import { SecretInReportError, scanBytes, scanText, scanValue } from './secret-scan.js';
import { verifyBundleBytes } from './verify/verify-report.js';
import { verifyText } from './verify-text.js';
import { checkOutputFolder, writeBundleDir } from './write-bundle-dir.js';

/** What to build a report from. */
export interface BuildReportOptions {
  /** The run's facts (an EvidenceInput as plain data); validated here. */
  readonly evidence: unknown;
  readonly signer: SigningIdentity;
  /** The bundle folder; it must not exist, or be empty. */
  readonly outDir: string;
  /** Secrets the run knew (passwords, passphrases): the bundle is refused if any appears in it. */
  readonly knownSecrets?: readonly string[];
  /** The laptop clock (tests pin it). */
  readonly now?: () => Date;
}

/** One written file of the bundle. */
export interface BundleFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** What was written. */
export interface BuiltReport {
  readonly outDir: string;
  readonly files: readonly BundleFile[];
  readonly evidenceSha256: string;
  readonly verdict: Verdict;
  readonly signer: SignerSummary;
  /** ISO time of signing, by the laptop's clock. */
  readonly signedAt: string;
}

/** Raised when the freshly built bundle fails its own verification (a bug, never the user's input). */
export class SelfCheckError extends Error {
  override readonly name = 'SelfCheckError';
  constructor(readonly result: VerifyReportResult) {
    super(`the report failed its own verification (${result.failure?.code ?? '?'}: ${result.failure?.message ?? ''}); nothing was written`);
  }
}

/** Builds, checks and writes a report bundle; throws (writing nothing) on bad input, a secret, or a bundle that does not verify. */
export async function buildReport(options: BuildReportOptions): Promise<BuiltReport> {
  await checkOutputFolder(options.outDir);
  const secrets = options.knownSecrets ?? [];
  const signedAt = signingTimeOf((options.now ?? (() => new Date()))());
  const document = buildEvidenceDocument(options.evidence, signedAt, { name: PRODUCT_NAME, version: toolVersion() });
  refuseSecrets(scanValue(document.evidence, secrets, 'evidence'));

  const signer = describeCertificate(options.signer.certificateDer);
  const signature = signDetached(document.bytes, options.signer, signedAt);
  const unsigned = await renderReportPdf(
    { evidence: document.evidence, evidenceSha256: document.sha256, signer },
    document.bytes,
    PRODUCT_NAME,
  );
  refuseSecrets(unsigned.drawn.flatMap((text) => scanText(text, secrets, `${BUNDLE_FILES.pdf} text`)));
  const pdf = await signPdf(unsigned.bytes, options.signer, signedAt);
  const verify = Buffer.from(verifyText({ evidenceSha256: document.sha256, signer, signedAt: document.evidence.times.signedAt }), 'utf8');

  const files = new Map<string, Uint8Array>([
    [BUNDLE_FILES.evidence, document.bytes],
    [BUNDLE_FILES.signature, signature],
    [BUNDLE_FILES.pdf, pdf],
    [BUNDLE_FILES.verify, verify],
  ]);
  refuseSecrets([...files].flatMap(([name, bytes]) => scanBytes(bytes, secrets, name)));
  const self = await verifyBundleBytes(options.outDir, { evidence: document.bytes, signature, pdf, verify });
  if (!self.ok) throw new SelfCheckError(self);

  const outDir = await writeBundleDir(options.outDir, files);
  return {
    outDir,
    files: [...files].map(([name, bytes]) => ({ name, bytes: bytes.length, sha256: sha256Hex(bytes) })),
    evidenceSha256: document.sha256,
    verdict: document.evidence.verdict,
    signer,
    signedAt: document.evidence.times.signedAt,
  };
}

function refuseSecrets(hits: readonly SecretHit[]): void {
  if (hits.length > 0) throw new SecretInReportError(hits);
}
