// The built-in verifier: everything an auditor checks with openssl and pdfsig, plus what pdfsig lets
// pass (bytes appended after signing), in Node alone, so a field laptop needs no other tool.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../../../shared/report/canonical-json.js';
import { BUNDLE_FILES } from '../../../shared/report/bundle-files.js';
import type { Evidence } from '../../../shared/report/evidence.js';
import { EvidenceSchema } from '../../../shared/report/evidence.js';
import type { SignerSummary, VerifyReportResult } from '../../../shared/report/verification.js';
import type { Verdict } from '../../../shared/report/verdict.js';
import type { ParsedSignedData } from '../cms/parse-signed-data.js';
import { CmsFormatError, parseSignedData } from '../cms/parse-signed-data.js';
import { checkSignedData } from '../cms/verify-signed-data.js';
import { sha256Hex } from '../evidence-document.js';
import { describeCertificate } from '../identity/signing-identity.js';
import { verifyText } from '../verify-text.js';
import { CheckFailed, CheckList } from './check-list.js';
import type { PdfEvidence } from './pdf-evidence.js';
import { readPdfEvidence } from './pdf-evidence.js';
import type { PdfSignature } from './pdf-signature.js';
import { checkPdfSignature } from './pdf-signature.js';

/** The bundle's files as bytes; a missing one is undefined. */
export interface BundleBytes {
  readonly evidence?: Uint8Array | undefined;
  readonly signature?: Uint8Array | undefined;
  readonly pdf?: Uint8Array | undefined;
  readonly verify?: Uint8Array | undefined;
}

/**
 * Verifies a report bundle folder, or a report.pdf on its own. A folder passes only when evidence.json's
 * CMS signature holds over its exact bytes, the PDF signature holds and covers the whole file, both were
 * made with the same certificate at the same time, the PDF prints and attaches exactly this evidence, and
 * VERIFY.txt is the text written for it. A lone PDF passes when its signature holds over the whole file and
 * the attached evidence is the one whose hash it prints.
 */
export async function verifyReport(path: string): Promise<VerifyReportResult> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const read = async (name: string): Promise<Uint8Array | undefined> => readFile(join(path, name)).catch(() => undefined);
    return verifyBundleBytes(path, {
      evidence: await read(BUNDLE_FILES.evidence),
      signature: await read(BUNDLE_FILES.signature),
      pdf: await read(BUNDLE_FILES.pdf),
      verify: await read(BUNDLE_FILES.verify),
    });
  }
  return verifyPdfBytes(path, await readFile(path));
}

/** Verifies a bundle held in memory (the builder checks its own output this way before writing it). */
export async function verifyBundleBytes(path: string, files: BundleBytes): Promise<VerifyReportResult> {
  const list = new CheckList();
  const facts: { signer?: SignerSummary; evidenceSha256?: string; signingTime?: string; verdict?: Verdict } = {};
  try {
    const present = (bytes: Uint8Array | undefined, name: string): Uint8Array => {
      return bytes ?? list.fail('bundle files', 'missing-file', `${name} is missing from ${path}`);
    };
    const evidenceBytes = present(files.evidence, BUNDLE_FILES.evidence);
    const signatureBytes = present(files.signature, BUNDLE_FILES.signature);
    const pdfBytes = present(files.pdf, BUNDLE_FILES.pdf);
    const verifyBytes = present(files.verify, BUNDLE_FILES.verify);
    list.pass('bundle files', `${Object.values(BUNDLE_FILES).join(', ')} present`);

    const evidenceSha256 = sha256Hex(evidenceBytes);
    facts.evidenceSha256 = evidenceSha256;
    const cms = evidenceSignature(list, evidenceBytes, signatureBytes, evidenceSha256);
    facts.signer = describeCertificate(cms.signerCertificate);
    facts.signingTime = cms.signingTime.toISOString();
    const evidence = evidenceDocument(list, evidenceBytes);
    facts.verdict = evidence.verdict;
    const pdf = pdfSignature(list, pdfBytes);
    list.expect(
      pdf.cms.signerCertificate.equals(cms.signerCertificate),
      'same signer',
      'signer-mismatch',
      `${BUNDLE_FILES.signature} and ${BUNDLE_FILES.pdf} are signed with the same certificate`,
      `${BUNDLE_FILES.signature} is signed by ${facts.signer.subject} (${facts.signer.sha256Fingerprint}), ${BUNDLE_FILES.pdf} by ${describeCertificate(pdf.cms.signerCertificate).sha256Fingerprint}`,
    );
    signingTimes(list, evidence, [cms, pdf.cms]);
    await pdfContents(list, pdfBytes, evidenceBytes, evidenceSha256);
    const expected = verifyText({ evidenceSha256, signer: facts.signer, signedAt: evidence.times.signedAt });
    list.expect(
      Buffer.from(verifyBytes).equals(Buffer.from(expected, 'utf8')),
      BUNDLE_FILES.verify,
      'verify-text-mismatch',
      `${BUNDLE_FILES.verify} is the text written for this evidence and certificate`,
      `${BUNDLE_FILES.verify} was changed: it is not the text written for this evidence and certificate`,
    );
    return { ok: true, path, mode: 'bundle', checks: list.checks, ...facts };
  } catch (error) {
    if (error instanceof CheckFailed)
      return { ok: false, path, mode: 'bundle', checks: list.checks, failure: { code: error.code, message: error.message }, ...facts };
    throw error;
  }
}

/** Verifies a report.pdf on its own: its signature over the whole file, and the attached evidence against the printed hash. */
export async function verifyPdfBytes(path: string, pdfBytes: Uint8Array): Promise<VerifyReportResult> {
  const list = new CheckList();
  const facts: { signer?: SignerSummary; evidenceSha256?: string; signingTime?: string; verdict?: Verdict } = {};
  try {
    const pdf = pdfSignature(list, pdfBytes);
    facts.signer = describeCertificate(pdf.cms.signerCertificate);
    facts.signingTime = pdf.cms.signingTime.toISOString();
    const contents = await pdfEvidence(list, pdfBytes);
    const attached = contents.attachments.filter((attachment) => attachment.name === BUNDLE_FILES.evidence);
    if (attached.length !== 1)
      list.fail('attached evidence', 'attachment-mismatch', `expected one attached ${BUNDLE_FILES.evidence}, found ${attached.length}`);
    const evidenceBytes = (attached[0] as { bytes: Uint8Array }).bytes;
    const evidenceSha256 = sha256Hex(evidenceBytes);
    facts.evidenceSha256 = evidenceSha256;
    list.pass('attached evidence', `${BUNDLE_FILES.evidence} is attached (${evidenceBytes.length} bytes, SHA-256 ${evidenceSha256})`);
    printedHash(list, contents, evidenceSha256);
    const evidence = evidenceDocument(list, evidenceBytes);
    facts.verdict = evidence.verdict;
    signingTimes(list, evidence, [pdf.cms]);
    return { ok: true, path, mode: 'pdf', checks: list.checks, ...facts };
  } catch (error) {
    if (error instanceof CheckFailed)
      return { ok: false, path, mode: 'pdf', checks: list.checks, failure: { code: error.code, message: error.message }, ...facts };
    throw error;
  }
}

function evidenceSignature(list: CheckList, evidence: Uint8Array, signature: Uint8Array, evidenceSha256: string): ParsedSignedData {
  const name = `signature over ${BUNDLE_FILES.evidence}`;
  let cms: ParsedSignedData;
  try {
    cms = parseSignedData(signature);
  } catch (error) {
    if (error instanceof CmsFormatError)
      list.fail(name, 'evidence-signature-malformed', `${BUNDLE_FILES.signature} is damaged: ${error.message}`);
    throw error;
  }
  const check = checkSignedData(cms, Buffer.from(evidenceSha256, 'hex'));
  if (check.ok) {
    list.pass(name, `${BUNDLE_FILES.signature} is a valid signature over the exact bytes of ${BUNDLE_FILES.evidence}`);
    return cms;
  }
  switch (check.problem) {
    case 'certificate-invalid':
      return list.fail(name, 'certificate-invalid', `${BUNDLE_FILES.signature}: ${check.message}`);
    case 'signature-invalid':
      return list.fail(name, 'evidence-signature-invalid', `${BUNDLE_FILES.signature}: ${check.message}`);
    case 'digest-mismatch':
      if (reserialisedFrom(evidence, cms.messageDigest)) {
        return list.fail(
          name,
          'evidence-reserialised',
          `${BUNDLE_FILES.evidence} holds the signed data but not the signed bytes: it was re-serialised (whitespace, key order or escaping changed); the signature covers the exact bytes`,
        );
      }
      return list.fail(name, 'evidence-digest-mismatch', `${BUNDLE_FILES.evidence} is not the document that was signed: ${check.message}`);
  }
}

// True when the file's JSON, written the canonical way again, is exactly what was signed.
function reserialisedFrom(evidence: Uint8Array, signedDigest: Buffer): boolean {
  try {
    return (
      sha256Hex(Buffer.from(canonicalJson(JSON.parse(Buffer.from(evidence).toString('utf8'))), 'utf8')) === signedDigest.toString('hex')
    );
  } catch {
    return false;
  }
}

function evidenceDocument(list: CheckList, bytes: Uint8Array): Evidence {
  const name = 'evidence format';
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    list.fail(name, 'evidence-format', `${BUNDLE_FILES.evidence} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = EvidenceSchema.safeParse(value);
  if (!parsed.success)
    list.fail(
      name,
      'evidence-format',
      `${BUNDLE_FILES.evidence} is not a version-1 evidence document: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  list.pass(
    name,
    `${BUNDLE_FILES.evidence} is a version-${parsed.data.evidenceFormatVersion} evidence document (verdict ${parsed.data.verdict.outcome})`,
  );
  return parsed.data;
}

function pdfSignature(list: CheckList, pdf: Uint8Array): PdfSignature {
  const checked = checkPdfSignature(pdf);
  if (!checked.ok) return list.fail('PDF signature', checked.code, checked.message);
  list.pass(
    'PDF signature',
    `${BUNDLE_FILES.pdf} is signed (adbe.pkcs7.detached) and the signature covers all ${pdf.length} bytes but its own`,
  );
  return checked.signature;
}

async function pdfEvidence(list: CheckList, pdf: Uint8Array): Promise<PdfEvidence> {
  try {
    return await readPdfEvidence(pdf);
  } catch (error) {
    return list.fail(
      'PDF contents',
      'pdf-malformed',
      `${BUNDLE_FILES.pdf} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function printedHash(list: CheckList, contents: PdfEvidence, evidenceSha256: string): void {
  const wrong = contents.printedHashes.filter((hash) => hash.toLowerCase() !== evidenceSha256);
  if (contents.printedHashes.length === 0)
    list.fail('printed hash', 'printed-hash-mismatch', `${BUNDLE_FILES.pdf} prints no SHA-256 of ${BUNDLE_FILES.evidence}`);
  list.expect(
    wrong.length === 0,
    'printed hash',
    'printed-hash-mismatch',
    `${BUNDLE_FILES.pdf} prints the SHA-256 of ${BUNDLE_FILES.evidence} ${contents.printedHashes.length} time(s), each ${evidenceSha256}`,
    `${BUNDLE_FILES.pdf} prints ${wrong[0] ?? ''}, but ${BUNDLE_FILES.evidence} has SHA-256 ${evidenceSha256}`,
  );
}

async function pdfContents(list: CheckList, pdf: Uint8Array, evidence: Uint8Array, evidenceSha256: string): Promise<void> {
  const contents = await pdfEvidence(list, pdf);
  printedHash(list, contents, evidenceSha256);
  const attached = contents.attachments.filter((attachment) => attachment.name === BUNDLE_FILES.evidence);
  list.expect(
    attached.length === 1 && Buffer.from((attached[0] as { bytes: Uint8Array }).bytes).equals(Buffer.from(evidence)),
    'attached evidence',
    'attachment-mismatch',
    `the ${BUNDLE_FILES.evidence} attached to ${BUNDLE_FILES.pdf} is byte for byte the one in the folder`,
    attached.length === 1
      ? `the ${BUNDLE_FILES.evidence} attached to ${BUNDLE_FILES.pdf} (SHA-256 ${sha256Hex((attached[0] as { bytes: Uint8Array }).bytes)}) differs from the one in the folder (${evidenceSha256})`
      : `expected one attached ${BUNDLE_FILES.evidence}, found ${attached.length}`,
  );
}

function signingTimes(list: CheckList, evidence: Evidence, signatures: readonly ParsedSignedData[]): void {
  const stated = Date.parse(evidence.times.signedAt);
  const times = signatures.map((signature) => signature.signingTime.getTime());
  list.expect(
    times.every((time) => time === stated),
    'signing time',
    'signing-time-mismatch',
    `signed at ${evidence.times.signedAt} by the signing laptop's clock (no trusted timestamp)`,
    `the evidence says it was signed at ${evidence.times.signedAt}, its signature(s) say ${times.map((time) => new Date(time).toISOString()).join(' and ')}`,
  );
}
