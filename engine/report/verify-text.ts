// VERIFY.txt: how an auditor checks the bundle with stock tools. Deterministic from the evidence hash,
// the certificate and the signing time, so the verifier can tell when someone edited it.
import { BUNDLE_FILES } from '../../shared/report/bundle-files.js';
import type { SignerSummary } from '../../shared/report/verification.js';

/** What VERIFY.txt states. */
export interface VerifyTextFacts {
  readonly evidenceSha256: string;
  readonly signer: SignerSummary;
  /** ISO time the bundle was signed (laptop clock). */
  readonly signedAt: string;
}

/** The OpenSSL command that checks evidence.json.p7s, as VERIFY.txt prints it (`-CAfile` names the trusted certificate). */
export function opensslVerifyCommand(caFile: string): string {
  return `openssl cms -verify -binary -inform DER -in ${BUNDLE_FILES.signature} -content ${BUNDLE_FILES.evidence} -CAfile ${caFile} -out /dev/null`;
}

/** The text of VERIFY.txt. */
export function verifyText(facts: VerifyTextFacts): string {
  const { signer } = facts;
  const caFile = signer.selfSigned ? 'signer.pem' : 'ca.pem';
  const lines = [
    'How to check this CyberTrace HA commissioning report',
    '====================================================',
    '',
    'Files',
    `  ${BUNDLE_FILES.evidence.padEnd(20)}the evidence; these exact bytes are what is signed`,
    `  ${BUNDLE_FILES.signature.padEnd(20)}detached CMS signature (DER, SHA-256) over ${BUNDLE_FILES.evidence}`,
    `  ${BUNDLE_FILES.pdf.padEnd(20)}the report for people, signed with the same certificate, ${BUNDLE_FILES.evidence} attached`,
    `  ${BUNDLE_FILES.verify.padEnd(20)}this file`,
    '',
    'Signer',
    `  Subject:               ${signer.subject}`,
    `  Issuer:                ${signer.selfSigned ? "itself (a self-signed certificate the tool created on the engineer's computer)" : signer.issuer}`,
    `  Certificate SHA-256:   ${signer.sha256Fingerprint}`,
    `  Valid:                 ${signer.notBefore} to ${signer.notAfter}`,
    `  Signing time:          ${facts.signedAt}`,
    '',
    "The signing time is the engineer's laptop clock. No trusted timestamp (RFC 3161) is used: the time",
    'is what that laptop said. The signatures prove who signed and that nothing changed since.',
    '',
    `SHA-256 of ${BUNDLE_FILES.evidence} (also printed on every page of ${BUNDLE_FILES.pdf}):`,
    `  ${facts.evidenceSha256}`,
    '',
    '1. The certificate. Extract it and compare its fingerprint with the one above and with the one the',
    '   engineer gave you through another channel (mail, phone, the commissioning order):',
    '',
    `   openssl pkcs7 -inform DER -in ${BUNDLE_FILES.signature} -print_certs -out signer.pem`,
    '   openssl x509 -in signer.pem -noout -subject -fingerprint -sha256',
    '',
    `2. The evidence signature. Prints "CMS Verification successful":`,
    '',
    `   ${opensslVerifyCommand(caFile)}`,
    '',
    signer.selfSigned
      ? '   -CAfile signer.pem trusts the certificate checked in step 1. Replacing it with -noverify checks the'
      : "   ca.pem is the certificate of the authority that issued the signer's certificate. Replacing -CAfile with -noverify checks the",
    '   signature without saying whose it is.',
    '',
    `3. The evidence hash: sha256sum ${BUNDLE_FILES.evidence}   (Windows: certutil -hashfile ${BUNDLE_FILES.evidence} SHA256)`,
    '',
    `4. The PDF signature (poppler-utils). Expect "Signature is Valid." and "Total document signed":`,
    '',
    `   pdfsig ${BUNDLE_FILES.pdf}`,
    '',
    '   pdfsig only warns ("Not total document signed") when bytes were added after signing: treat that',
    '   as a failure.' +
      (signer.selfSigned ? ' For a self-signed certificate pdfsig reports the issuer as unknown; step 1 covers it.' : ''),
    '',
    `5. The attached evidence is the signed one:`,
    '',
    `   pdfdetach -save 1 -o attached-evidence.json ${BUNDLE_FILES.pdf}`,
    `   cmp attached-evidence.json ${BUNDLE_FILES.evidence}`,
    '',
    'All of it at once, with the tool: ctha verify-report <this folder>',
    '',
  ];
  return lines.join('\n');
}
