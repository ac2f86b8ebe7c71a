// What verifying a report bundle found: each check in order, and the first specific reason it failed.
import { z } from 'zod';
import { VerdictSchema } from './verdict.js';

/** Why a bundle or PDF does not verify; each names one specific thing. */
export const VerifyFailureCodeSchema = z.enum([
  /** A file of the bundle is missing or unreadable. */
  'missing-file',
  /** evidence.json.p7s is not a CMS SignedData this tool produces (damaged or altered). */
  'evidence-signature-malformed',
  /** evidence.json holds the signed JSON, written again with other bytes (whitespace, key order). */
  'evidence-reserialised',
  /** evidence.json is not the document that was signed (edited or replaced). */
  'evidence-digest-mismatch',
  /** The signature over evidence.json's signed attributes does not verify with the certificate. */
  'evidence-signature-invalid',
  /** The signer certificate is damaged: a self-signed certificate whose own signature fails, or one that does not name the signer. */
  'certificate-invalid',
  /** report.pdf cannot be read as a signed PDF (no or several signatures, damaged ByteRange or Contents). */
  'pdf-malformed',
  /** The PDF signature does not cover the whole file: bytes were appended or removed after signing. */
  'pdf-not-whole-file',
  /** The bytes the PDF signature covers changed after signing. */
  'pdf-digest-mismatch',
  /** The PDF signature does not verify with its certificate. */
  'pdf-signature-invalid',
  /** evidence.json.p7s and report.pdf were signed with different certificates. */
  'signer-mismatch',
  /** The signing time differs between the evidence, its signature and the PDF's signature. */
  'signing-time-mismatch',
  /** The SHA-256 printed in the PDF is not the hash of the evidence. */
  'printed-hash-mismatch',
  /** The evidence.json attached to the PDF is not the evidence.json of the bundle (or is missing). */
  'attachment-mismatch',
  /** evidence.json is not a version-1 evidence document. */
  'evidence-format',
  /** VERIFY.txt is not the text the builder writes for this evidence and certificate. */
  'verify-text-mismatch',
]);

/** One specific reason a report does not verify. */
export type VerifyFailureCode = z.output<typeof VerifyFailureCodeSchema>;

/** One check of the verification and what it found. */
export const VerifyCheckSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  code: VerifyFailureCodeSchema.optional(),
});

/** Who signed, as read from the verified certificate. */
export const SignerSummarySchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  selfSigned: z.boolean(),
  /** SHA-256 of the certificate's DER bytes, colon-separated upper-case hex as `openssl x509 -fingerprint -sha256` prints it. */
  sha256Fingerprint: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
});

/** The outcome of `verifyReport`: ok only when every check held; otherwise the first failure and its reason. */
export const VerifyReportResultSchema = z.object({
  ok: z.boolean(),
  path: z.string(),
  mode: z.enum(['bundle', 'pdf']),
  checks: z.array(VerifyCheckSchema),
  failure: z.object({ code: VerifyFailureCodeSchema, message: z.string() }).optional(),
  signer: SignerSummarySchema.optional(),
  evidenceSha256: z.string().optional(),
  /** The signing time the signature states: the signing laptop's clock, not a trusted timestamp. */
  signingTime: z.string().optional(),
  /** The verdict the signed evidence states (PASS/FAIL/INCOMPLETE): a valid signature says nothing about it. */
  verdict: VerdictSchema.optional(),
});

/** A verification outcome. */
export type VerifyReportResult = z.output<typeof VerifyReportResultSchema>;
/** One check of a verification. */
export type VerifyCheck = z.output<typeof VerifyCheckSchema>;
/** The signer as a verification reports it. */
export type SignerSummary = z.output<typeof SignerSummarySchema>;
