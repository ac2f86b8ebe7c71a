// `npm run bench:report`: how long building and signing a report bundle takes for a large cluster
// (default 100 instances x 9 requirements), step by step and end to end; figures go to docs/REPORT.md.
// Options (environment): BENCH_INSTANCES (100), BENCH_RUNS (5), BENCH_TRANSCRIPT (40 operations per instance).
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument } from 'pdf-lib';
import { PRODUCT_NAME } from '../../engine/app/version.js';
import { buildReport } from '../../engine/report/build-report.js';
import { signDetached } from '../../engine/report/cms/sign-detached.js';
import { buildEvidenceDocument, signingTimeOf } from '../../engine/report/evidence-document.js';
import { createSelfSignedIdentity } from '../../engine/report/identity/self-signed.js';
import { describeCertificate } from '../../engine/report/identity/signing-identity.js';
import { renderReportPdf } from '../../engine/report/pdf/render-report-pdf.js';
import { signPdf } from '../../engine/report/pdf/sign-pdf.js';
import { verifyBundleBytes, verifyReport } from '../../engine/report/verify/verify-report.js';
import { verifyText } from '../../engine/report/verify-text.js';
import { syntheticEvidence } from '../../test/engine/report/synthetic-evidence.js';

const instances = Number(process.env['BENCH_INSTANCES'] ?? 100);
const runs = Number(process.env['BENCH_RUNS'] ?? 5);
const transcriptPerInstance = Number(process.env['BENCH_TRANSCRIPT'] ?? 40);

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function timed<T>(samples: Map<string, number[]>, name: string, step: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await step();
  const list = samples.get(name) ?? [];
  list.push(performance.now() - start);
  samples.set(name, list);
  return result;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function main(): Promise<void> {
  const input = syntheticEvidence({ instances, transcriptPerInstance, driftAt: 1 });
  const samples = new Map<string, number[]>();
  const identity = await timed(samples, 'one-time: create the RSA 3072 identity', () => createSelfSignedIdentity('Bench Engineer'));
  const signer = describeCertificate(identity.certificateDer);
  const scratch = mkdtempSync(join(tmpdir(), 'ctha-bench-report-'));
  let sizes = { evidence: 0, pdf: 0, pages: 0 };
  try {
    for (let run = 0; run < runs; run += 1) {
      const signedAt = signingTimeOf(new Date());
      const document = await timed(samples, 'evidence.json: validate, verdict, canonical JSON', () =>
        buildEvidenceDocument(input, signedAt, { name: PRODUCT_NAME, version: 'bench' }),
      );
      const signature = await timed(samples, 'evidence.json.p7s: CMS signature', () => signDetached(document.bytes, identity, signedAt));
      const unsigned = await timed(samples, 'report.pdf: layout, attachment, placeholder', () =>
        renderReportPdf({ evidence: document.evidence, evidenceSha256: document.sha256, signer }, document.bytes, PRODUCT_NAME),
      );
      const pdf = await timed(samples, 'report.pdf: signature (@signpdf)', () => signPdf(unsigned.bytes, identity, signedAt));
      const verify = Buffer.from(verifyText({ evidenceSha256: document.sha256, signer, signedAt: document.evidence.times.signedAt }));
      const self = await timed(samples, 'verification of the bundle in memory', () =>
        verifyBundleBytes('bench', { evidence: document.bytes, signature, pdf, verify }),
      );
      if (!self.ok) throw new Error(`bench bundle does not verify: ${self.failure?.message ?? ''}`);
      const outDir = join(scratch, `bundle-${run}`);
      const built = await timed(samples, 'buildReport end to end (all of the above, secret scan, atomic write)', () =>
        buildReport({ evidence: input, signer: identity, outDir }),
      );
      const verified = await timed(samples, 'verifyReport from disk', () => verifyReport(built.outDir));
      if (!verified.ok) throw new Error(`written bundle does not verify: ${verified.failure?.message ?? ''}`);
      sizes = {
        evidence: document.bytes.length,
        pdf: pdf.length,
        pages: (await PDFDocument.load(await readFile(join(built.outDir, 'report.pdf')), { updateMetadata: false })).getPageCount(),
      };
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  print(`Report bundle benchmark: ${instances} instances x 9 requirements, ${transcriptPerInstance} transcript entries per instance`);
  print(
    `Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}); ${runs} run(s); times in ms (median, min, max)`,
  );
  print(`evidence.json ${sizes.evidence} bytes; report.pdf ${sizes.pdf} bytes, ${sizes.pages} pages`);
  print('');
  const width = Math.max(...[...samples.keys()].map((name) => name.length));
  print(`${'step'.padEnd(width)}  ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}`);
  for (const [name, values] of samples) {
    print(
      `${name.padEnd(width)}  ${median(values).toFixed(0).padStart(8)} ${Math.min(...values)
        .toFixed(0)
        .padStart(8)} ${Math.max(...values)
        .toFixed(0)
        .padStart(8)}`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:report failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
