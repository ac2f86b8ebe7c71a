// Finds report.pdf's one signature and checks it: /ByteRange must cover the whole file except the
// /Contents hex string, the CMS inside must be followed only by zero padding, and it must sign the
// SHA-256 of the covered bytes. pdfsig merely warns about bytes appended after signing; this fails.
import { createHash } from 'node:crypto';
import type { VerifyFailureCode } from '../../../shared/report/verification.js';
import type { ParsedSignedData } from '../cms/parse-signed-data.js';
import { CmsFormatError, parseSignedData } from '../cms/parse-signed-data.js';
import { checkSignedData } from '../cms/verify-signed-data.js';

/** A verified PDF signature: the CMS it holds and the byte range it covers. */
export interface PdfSignature {
  readonly byteRange: readonly [number, number, number, number];
  readonly cms: ParsedSignedData;
}

/** The outcome of reading and checking the PDF's signature. */
export type PdfSignatureCheck =
  | { readonly ok: true; readonly signature: PdfSignature }
  | { readonly ok: false; readonly code: VerifyFailureCode; readonly message: string };

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g;

/** Reads and checks the signature of a signed PDF. */
export function checkPdfSignature(pdf: Uint8Array): PdfSignatureCheck {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const mentions = text.split('/ByteRange').length - 1;
  const matches = [...text.matchAll(BYTE_RANGE)];
  if (mentions === 0) return fail('pdf-malformed', 'report.pdf has no signature (no /ByteRange)');
  if (matches.length !== 1 || mentions !== 1)
    return fail(
      'pdf-malformed',
      `report.pdf must hold exactly one well-formed signature /ByteRange, found ${mentions} mention(s) and ${matches.length} well-formed`,
    );
  const match = matches[0] as RegExpMatchArray;
  const [start, contentsStart, contentsEnd, tailLength] = match.slice(1, 5).map(Number) as [number, number, number, number];
  if (start !== 0 || contentsStart <= 0 || contentsEnd <= contentsStart + 1 || (match.index ?? 0) >= contentsStart) {
    return fail(
      'pdf-malformed',
      `the /ByteRange [${start} ${contentsStart} ${contentsEnd} ${tailLength}] is not one that excludes exactly the signature`,
    );
  }
  if (contentsEnd + tailLength !== pdf.length) {
    const difference = pdf.length - (contentsEnd + tailLength);
    return fail(
      'pdf-not-whole-file',
      difference > 0
        ? `${difference} byte(s) were added to report.pdf after it was signed (the signature covers ${contentsEnd + tailLength} of ${pdf.length} bytes)`
        : `report.pdf is ${-difference} byte(s) shorter than the signature covers`,
    );
  }
  if (pdf[contentsStart] !== 0x3c || pdf[contentsEnd - 1] !== 0x3e)
    return fail('pdf-malformed', 'the bytes the /ByteRange leaves out are not a <hex> string');
  const hex = text.slice(contentsStart + 1, contentsEnd - 1);
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) return fail('pdf-malformed', 'the signature /Contents is not a hex string');
  const der = Buffer.from(hex, 'hex');
  let cms: ParsedSignedData;
  try {
    cms = parseSignedData(der, true);
  } catch (error) {
    if (error instanceof CmsFormatError) return fail('pdf-malformed', `the PDF signature is damaged: ${error.message}`);
    throw error;
  }
  // The placeholder is zero-filled after the CMS; anything else there was written later.
  if (der.subarray(cms.length).some((byte) => byte !== 0))
    return fail('pdf-malformed', 'the signature /Contents holds non-zero bytes after the signature');
  const digest = createHash('sha256')
    .update(pdf.subarray(0, contentsStart))
    .update(pdf.subarray(contentsEnd, contentsEnd + tailLength))
    .digest();
  const check = checkSignedData(cms, digest);
  if (!check.ok) {
    const code: VerifyFailureCode =
      check.problem === 'certificate-invalid'
        ? 'certificate-invalid'
        : check.problem === 'signature-invalid'
          ? 'pdf-signature-invalid'
          : 'pdf-digest-mismatch';
    const message =
      check.problem === 'digest-mismatch' ? `report.pdf changed after it was signed (${check.message})` : `PDF signature: ${check.message}`;
    return fail(code, message);
  }
  return { ok: true, signature: { byteRange: [start, contentsStart, contentsEnd, tailLength], cms } };
}

function fail(code: VerifyFailureCode, message: string): PdfSignatureCheck {
  return { ok: false, code, message };
}
