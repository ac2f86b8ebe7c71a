// What report.pdf says about the evidence: the files attached to it and every evidence hash printed on its pages.
import type { PDFObject } from 'pdf-lib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFStream, PDFString, decodePDFRawStream } from 'pdf-lib';
import { PRINTED_HASH_LABEL } from '../pdf/report-content.js';

/** The attachments of a PDF and the evidence hashes printed in it. */
export interface PdfEvidence {
  readonly attachments: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  /** Every `SHA-256 of evidence.json: <hex>` shown on a page, in page order. */
  readonly printedHashes: readonly string[];
}

/** Reads the attachments and the printed hashes; throws when the PDF cannot be parsed. */
export async function readPdfEvidence(pdf: Uint8Array): Promise<PdfEvidence> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: false });
  return { attachments: attachments(doc), printedHashes: printedHashes(doc) };
}

function attachments(doc: PDFDocument): { name: string; bytes: Uint8Array }[] {
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  if (tree === undefined) return [];
  const found: { name: string; bytes: Uint8Array }[] = [];
  const visit = (node: PDFDict, depth: number): void => {
    if (depth > 8) throw new Error('the attachment name tree is too deep');
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let index = 0; pairs !== undefined && index + 1 < pairs.size(); index += 2) {
      const spec = pairs.lookup(index + 1, PDFDict);
      const name = text(spec.lookup(PDFName.of('UF'))) ?? text(spec.lookup(PDFName.of('F'))) ?? text(pairs.lookup(index)) ?? '';
      const embedded = spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
      if (embedded instanceof PDFRawStream) found.push({ name, bytes: decodePDFRawStream(embedded).decode() });
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let index = 0; kids !== undefined && index < kids.size(); index += 1) visit(kids.lookup(index, PDFDict), depth + 1);
  };
  visit(tree, 0);
  return found;
}

function printedHashes(doc: PDFDocument): string[] {
  const hashes: string[] = [];
  const pattern = new RegExp(`${PRINTED_HASH_LABEL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ([0-9a-fA-F]{64})(?![0-9a-fA-F])`, 'g');
  for (const page of doc.getPages()) {
    for (const shown of shownStrings(page.node.Contents())) {
      for (const match of shown.matchAll(pattern)) hashes.push(match[1] as string);
    }
  }
  return hashes;
}

// The strings shown by Tj operators in a page's content streams (pdf-lib writes <hex> Tj for standard fonts).
function shownStrings(contents: PDFObject | undefined): string[] {
  const streams: PDFStream[] = [];
  if (contents instanceof PDFStream) streams.push(contents);
  if (contents instanceof PDFArray) {
    for (let index = 0; index < contents.size(); index += 1) {
      const item = contents.lookup(index);
      if (item instanceof PDFStream) streams.push(item);
    }
  }
  const shown: string[] = [];
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) continue;
    const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    for (const match of operators.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj/g))
      shown.push(Buffer.from((match[1] as string).replace(/\s/g, ''), 'hex').toString('latin1'));
    for (const match of operators.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) shown.push((match[1] as string).replace(/\\(.)/g, '$1'));
  }
  return shown;
}

function text(object: PDFObject | undefined): string | undefined {
  return object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined;
}
