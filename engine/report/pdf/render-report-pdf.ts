// Builds report.pdf before signing: the pages, evidence.json attached, and an empty signature field
// whose /Contents placeholder holds 16384 hex characters (8192 bytes of CMS, far above what RSA 3072 needs).
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { BUNDLE_FILES } from '../../../shared/report/bundle-files.js';
import { ReportLayout, embedReportFonts } from './layout.js';
import type { ReportFacts } from './report-content.js';
import { writeReportContent } from './report-content.js';

/** Hex characters reserved for the PDF signature (the notes' minimum: 16384). */
export const PDF_SIGNATURE_HEX_LENGTH = 16384;

/** The unsigned PDF and every string drawn on its pages (for the secret check). */
export interface UnsignedReportPdf {
  readonly bytes: Uint8Array;
  readonly drawn: readonly string[];
}

/** Lays out the report, attaches the evidence and adds the signature placeholder; the result is ready for signing. */
export async function renderReportPdf(facts: ReportFacts, evidenceBytes: Uint8Array, toolName: string): Promise<UnsignedReportPdf> {
  const { evidence } = facts;
  const signedAt = new Date(evidence.times.signedAt);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`CyberTrace HA commissioning report: ${evidence.cluster.name}`);
  doc.setAuthor(evidence.engineer.name);
  doc.setSubject(`Verdict ${evidence.verdict.outcome}; evidence.json SHA-256 ${facts.evidenceSha256}`);
  doc.setCreator(`${toolName} ${evidence.tool.version}`);
  doc.setProducer(`${toolName} ${evidence.tool.version} (pdf-lib, @signpdf)`);
  doc.setCreationDate(signedAt);
  doc.setModificationDate(signedAt);
  const layout = new ReportLayout(doc, await embedReportFonts(doc));
  writeReportContent(layout, facts);
  await doc.attach(evidenceBytes, BUNDLE_FILES.evidence, {
    mimeType: 'application/json',
    description: `The signed evidence; SHA-256 ${facts.evidenceSha256}`,
    creationDate: signedAt,
    modificationDate: signedAt,
    afRelationship: AFRelationship.Source,
  });
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'CyberTrace HA commissioning verified; evidence.json attached and signed',
    contactInfo: evidence.engineer.name,
    name: evidence.engineer.name,
    location: `Cluster ${evidence.cluster.name}`,
    signingTime: signedAt,
    // pdf-lib writes this many characters between < and >; @signpdf fills them with the CMS in hex.
    signatureLength: PDF_SIGNATURE_HEX_LENGTH,
    appName: toolName,
  });
  // No object streams: the signature dictionary and its /ByteRange stay plain text, as signers and verifiers expect.
  const bytes = await doc.save({ useObjectStreams: false });
  const drawn = [...layout.drawn, doc.getTitle() ?? '', doc.getSubject() ?? '', doc.getAuthor() ?? ''];
  return { bytes, drawn };
}
