import type { OperationOutput } from '../../../shared/contract/operations.js';
import type { VerifyReportResult } from '../../../shared/report/verification.js';

const signer = {
  subject: 'CN=Erika Engineer',
  issuer: 'CN=Erika Engineer',
  selfSigned: true,
  sha256Fingerprint: Array.from({ length: 32 }, () => 'AB').join(':'),
  notBefore: '2025-01-01T00:00:00.000Z',
  notAfter: '2030-01-01T00:00:00.000Z',
};

/** What report.build answers for a bundle written to /r/out. */
export function sampleBuiltReport(): OperationOutput<'report.build'> {
  return {
    outDir: '/r/out',
    files: [
      { name: 'evidence.json', bytes: 20480, sha256: 'e'.repeat(64) },
      { name: 'evidence.json.p7s', bytes: 1900, sha256: 'f'.repeat(64) },
      { name: 'report.pdf', bytes: 90000, sha256: 'd'.repeat(64) },
      { name: 'VERIFY.txt', bytes: 800, sha256: 'c'.repeat(64) },
    ],
    evidenceSha256: 'e'.repeat(64),
    verdict: {
      outcome: 'incomplete',
      summary: 'Incomplete: 3 item(s) not established',
      reasons: ['req3 (Same OSINT...) on ct1: could not be established'],
    },
    signer,
    signedAt: '2025-05-01T10:20:00.000Z',
    identityCreated: true,
    warnings: [],
  };
}

/** A verification that fails on bytes appended to the PDF. */
export function sampleFailedVerification(): VerifyReportResult {
  return {
    ok: false,
    path: '/r/out',
    mode: 'bundle',
    checks: [
      { name: 'bundle files', ok: true, detail: 'evidence.json, evidence.json.p7s, report.pdf, VERIFY.txt present' },
      { name: 'PDF signature', ok: false, detail: 'the signature covers 89000 of 90010 bytes', code: 'pdf-not-whole-file' },
    ],
    failure: { code: 'pdf-not-whole-file', message: 'bytes were appended to report.pdf after signing' },
    signer,
    signingTime: '2025-05-01T10:20:00.000Z',
  };
}
