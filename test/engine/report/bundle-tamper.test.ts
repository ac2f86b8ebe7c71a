// Every way a bundle can be changed after signing must fail verification with its own specific reason.
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuiltReport } from '../../../engine/report/build-report.js';
import { buildEvidenceDocument } from '../../../engine/report/evidence-document.js';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import type { SigningIdentity } from '../../../engine/report/identity/signing-identity.js';
import { describeCertificate } from '../../../engine/report/identity/signing-identity.js';
import { renderReportPdf } from '../../../engine/report/pdf/render-report-pdf.js';
import { signPdf } from '../../../engine/report/pdf/sign-pdf.js';
import { verifyReport } from '../../../engine/report/verify/verify-report.js';
import type { VerifyFailureCode } from '../../../shared/report/verification.js';
import { BUNDLE_FILES } from '../../../shared/report/bundle-files.js';
import { copyBundle, makeBundle } from './bundle-fixture.js';
import { syntheticEvidence } from './synthetic-evidence.js';
import { flipByte, missingBinary, run, samplePositions } from './tools.js';

const noPdfsig = missingBinary('pdfsig');
const now = new Date('2026-11-28T10:00:00.000Z');
let identity: SigningIdentity;
let other: SigningIdentity;
let bundle: BuiltReport;

beforeAll(async () => {
  [identity, other] = await Promise.all([createSelfSignedIdentity('Jane Engineer'), createSelfSignedIdentity('Jane Engineer')]);
  bundle = await makeBundle(syntheticEvidence({ instances: 4, driftAt: 2 }), identity, { now });
}, 120_000);

async function failureOf(dir: string): Promise<VerifyFailureCode | 'ok'> {
  const result = await verifyReport(dir);
  return result.ok ? 'ok' : (result.failure?.code ?? 'ok');
}

// Flips one byte at each position (each in a fresh copy) and collects the failure codes by position.
async function flips(name: string, positions: readonly number[]): Promise<Map<number, VerifyFailureCode | 'ok'>> {
  const original = readFileSync(join(bundle.outDir, name));
  const codes = new Map<number, VerifyFailureCode | 'ok'>();
  const copy = copyBundle(bundle.outDir);
  for (const position of positions) {
    writeFileSync(join(copy, name), flipByte(original, position));
    codes.set(position, await failureOf(copy));
  }
  return codes;
}

const codesOf = (codes: Map<number, string>): string[] => [...new Set(codes.values())].sort();

describe('a tampered report bundle', () => {
  it('verifies untouched', async () => {
    expect(await failureOf(bundle.outDir)).toBe('ok');
  });

  it('fails on any flipped byte of evidence.json: "evidence-digest-mismatch"', async () => {
    const size = readFileSync(join(bundle.outDir, BUNDLE_FILES.evidence)).length;
    const codes = await flips(BUNDLE_FILES.evidence, samplePositions(size, 40));
    expect(codesOf(codes)).toEqual(['evidence-digest-mismatch']);
  }, 60_000);

  it('fails on any flipped byte of evidence.json.p7s with a signature reason', async () => {
    const size = readFileSync(join(bundle.outDir, BUNDLE_FILES.signature)).length;
    const codes = await flips(BUNDLE_FILES.signature, samplePositions(size, 80));
    expect(codes.size).toBeGreaterThan(70);
    for (const code of codes.values())
      expect(['evidence-signature-malformed', 'evidence-signature-invalid', 'certificate-invalid']).toContain(code);
    // The sample reaches the structure, the certificate and the signature value alike.
    expect(codesOf(codes)).toEqual(['certificate-invalid', 'evidence-signature-invalid', 'evidence-signature-malformed']);
  }, 60_000);

  it('fails on any flipped byte of report.pdf: in the signed bytes, the ByteRange, the signature, its zero padding', async () => {
    const pdf = readFileSync(join(bundle.outDir, BUNDLE_FILES.pdf));
    const text = pdf.toString('latin1');
    const [, b, c] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(text)?.slice(1).map(Number) ?? [];
    const contentsStart = b as number;
    const contentsEnd = c as number;
    const byteRange = text.indexOf('/ByteRange');
    const signatureHexEnd = contentsStart + 1 + 2 * (readFileSync(join(bundle.outDir, BUNDLE_FILES.signature)).length + 200);
    const positions = [
      ...samplePositions(pdf.length, 60),
      byteRange + 12,
      byteRange + 14,
      byteRange + 20,
      contentsStart,
      contentsStart + 1,
      contentsStart + 2,
      contentsStart + 101,
      contentsStart + 1001,
      contentsStart + 3001,
      signatureHexEnd,
      contentsEnd - 200,
      contentsEnd - 2,
      contentsEnd - 1,
      contentsEnd,
      contentsEnd + 1,
      pdf.length - 1,
    ];
    const codes = await flips(BUNDLE_FILES.pdf, positions);
    for (const [position, code] of codes) {
      expect(
        ['pdf-malformed', 'pdf-digest-mismatch', 'pdf-signature-invalid', 'pdf-not-whole-file', 'certificate-invalid'],
        `byte ${position}`,
      ).toContain(code);
    }
    expect(codes.get(contentsEnd - 2)).toBe('pdf-malformed'); // zero padding inside /Contents: not covered by the signature, still refused
    expect(codes.get(signatureHexEnd)).toBe('pdf-malformed');
    expect(codes.get(0)).toBe('pdf-digest-mismatch');
    expect(codes.get(pdf.length - 1)).toBe('pdf-digest-mismatch');
  }, 120_000);

  it('fails on any flipped byte of VERIFY.txt: "verify-text-mismatch"', async () => {
    const size = readFileSync(join(bundle.outDir, BUNDLE_FILES.verify)).length;
    expect(codesOf(await flips(BUNDLE_FILES.verify, samplePositions(size, 20)))).toEqual(['verify-text-mismatch']);
  }, 60_000);

  it('fails when bytes are appended to report.pdf (which pdfsig only warns about) or it is truncated', async () => {
    const appended = copyBundle(bundle.outDir);
    appendFileSync(join(appended, BUNDLE_FILES.pdf), '\n% appended after signing\n');
    const result = await verifyReport(appended);
    expect(result.failure).toEqual({
      code: 'pdf-not-whole-file',
      message: expect.stringContaining('26 byte(s) were added to report.pdf after it was signed'),
    });
    expect((await verifyReport(join(appended, BUNDLE_FILES.pdf))).failure?.code).toBe('pdf-not-whole-file');
    if (noPdfsig === undefined) {
      const pdfsig = run('pdfsig', [join(appended, BUNDLE_FILES.pdf)]);
      expect(pdfsig.stdout).toContain('Signature is Valid');
      expect(pdfsig.stdout).toContain('Not total document signed');
    }
    const truncated = copyBundle(bundle.outDir);
    const pdf = readFileSync(join(truncated, BUNDLE_FILES.pdf));
    writeFileSync(join(truncated, BUNDLE_FILES.pdf), pdf.subarray(0, pdf.length - 1));
    expect(await failureOf(truncated)).toBe('pdf-not-whole-file');
  });

  it('fails when evidence.json is re-serialised (same JSON, other bytes) or replaced', async () => {
    const copy = copyBundle(bundle.outDir);
    const evidence = JSON.parse(readFileSync(join(copy, BUNDLE_FILES.evidence), 'utf8')) as unknown;
    for (const text of [
      JSON.stringify(evidence),
      `${JSON.stringify(evidence, null, 4)}\n`,
      readFileSync(join(copy, BUNDLE_FILES.evidence), 'utf8').replaceAll('\n', '\r\n'),
    ]) {
      writeFileSync(join(copy, BUNDLE_FILES.evidence), text);
      const result = await verifyReport(copy);
      expect(result.failure?.code).toBe('evidence-reserialised');
      expect(result.failure?.message).toContain('re-serialised');
    }
    const replacement = buildEvidenceDocument(syntheticEvidence({ instances: 4 }), now, {
      name: 'CyberTrace HA Commissioning Wizard',
      version: '0.1.0',
    });
    writeFileSync(join(copy, BUNDLE_FILES.evidence), replacement.bytes);
    expect(await failureOf(copy)).toBe('evidence-digest-mismatch');
  });

  it('fails with "missing-file" naming the missing file', async () => {
    for (const name of Object.values(BUNDLE_FILES)) {
      const copy = copyBundle(bundle.outDir);
      rmSync(join(copy, name));
      const result = await verifyReport(copy);
      expect(result.failure).toEqual({ code: 'missing-file', message: `${name} is missing from ${copy}` });
    }
  });

  it('fails when files of two valid bundles are mixed: other signer, other signing time, other evidence', async () => {
    // Same facts, same second, another key: evidence.json is byte-identical, only the signer differs.
    const twin = await makeBundle(syntheticEvidence({ instances: 4, driftAt: 2 }), other, { now });
    expect(readFileSync(join(twin.outDir, BUNDLE_FILES.evidence)).equals(readFileSync(join(bundle.outDir, BUNDLE_FILES.evidence)))).toBe(
      true,
    );
    const mixedSigner = copyBundle(bundle.outDir);
    writeFileSync(join(mixedSigner, BUNDLE_FILES.signature), readFileSync(join(twin.outDir, BUNDLE_FILES.signature)));
    expect(await failureOf(mixedSigner)).toBe('signer-mismatch');

    const later = await makeBundle(syntheticEvidence({ instances: 4, driftAt: 2 }), identity, { now: new Date(now.getTime() + 60_000) });
    const mixedTime = copyBundle(bundle.outDir);
    writeFileSync(join(mixedTime, BUNDLE_FILES.pdf), readFileSync(join(later.outDir, BUNDLE_FILES.pdf)));
    expect(await failureOf(mixedTime)).toBe('signing-time-mismatch');

    const otherFacts = await makeBundle(syntheticEvidence({ instances: 3 }), identity, { now });
    const mixedEvidence = copyBundle(bundle.outDir);
    writeFileSync(join(mixedEvidence, BUNDLE_FILES.pdf), readFileSync(join(otherFacts.outDir, BUNDLE_FILES.pdf)));
    expect(await failureOf(mixedEvidence)).toBe('printed-hash-mismatch');
  }, 120_000);

  it('fails when a validly signed PDF prints another hash, or attaches other evidence', async () => {
    const document = buildEvidenceDocument(syntheticEvidence({ instances: 4, driftAt: 2 }), now, {
      name: 'CyberTrace HA Commissioning Wizard',
      version: '0.1.0',
    });
    const signer = describeCertificate(identity.certificateDer);
    const resign = async (hash: string, attached: Uint8Array): Promise<string> => {
      const unsigned = await renderReportPdf(
        { evidence: document.evidence, evidenceSha256: hash, signer },
        attached,
        'CyberTrace HA Commissioning Wizard',
      );
      const copy = copyBundle(bundle.outDir);
      writeFileSync(join(copy, BUNDLE_FILES.pdf), await signPdf(unsigned.bytes, identity, now));
      return copy;
    };
    expect(document.sha256).toBe(bundle.evidenceSha256);
    expect(await failureOf(await resign('0'.repeat(64), document.bytes))).toBe('printed-hash-mismatch');
    const wrongAttachment = await resign(document.sha256, Buffer.concat([document.bytes, Buffer.from(' ')]));
    expect(await failureOf(wrongAttachment)).toBe('attachment-mismatch');
    // On its own, that PDF fails too: the attached evidence is not the one whose hash it prints.
    expect((await verifyReport(join(wrongAttachment, BUNDLE_FILES.pdf))).failure?.code).toBe('printed-hash-mismatch');
  }, 60_000);
});
