// Reads a detached CMS SignedData (RFC 5652) of the shape signDetached() writes, strictly: one signer,
// SHA-256, contentType/messageDigest/signingTime signed, the signer's certificate included.
import type { DerElement } from './der.js';
import { DerError, TAG, children, content, encoding, expectElement, readOid, readTime } from './der.js';
import { OIDS } from './oids.js';

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Signature algorithms the verifier accepts (the signer's own key decides which applies). */
export const SIGNATURE_ALGORITHMS: ReadonlySet<string> = new Set([
  OIDS.rsaEncryption,
  OIDS.sha256WithRSAEncryption,
  ECDSA_WITH_SHA256,
  EC_PUBLIC_KEY,
]);

/** The parts of a SignedData a verifier needs, as the exact bytes found. */
export interface ParsedSignedData {
  /** DER of every certificate included. */
  readonly certificates: readonly Buffer[];
  /** DER of the certificate the SignerInfo names. */
  readonly signerCertificate: Buffer;
  /** The signed attributes re-tagged as SET OF: the bytes the signature covers (RFC 5652 5.4). */
  readonly signedAttributes: Buffer;
  readonly signature: Buffer;
  readonly signatureAlgorithm: string;
  /** The messageDigest attribute: SHA-256 of the content that was signed. */
  readonly messageDigest: Buffer;
  readonly signingTime: Date;
  /** How many bytes of the input the SignedData used (a PDF's /Contents pads with zeros after it). */
  readonly length: number;
}

/** Raised when bytes are not a SignedData this verifier accepts; the message says what is wrong. */
export class CmsFormatError extends Error {
  override readonly name = 'CmsFormatError';
}

/** Parses a detached SignedData; `allowTrailing` accepts bytes after it (checked by the caller). */
export function parseSignedData(bytes: Uint8Array, allowTrailing = false): ParsedSignedData {
  try {
    return parse(bytes, allowTrailing);
  } catch (error) {
    if (error instanceof DerError) throw new CmsFormatError(`not valid DER: ${error.message}`);
    throw error;
  }
}

function parse(bytes: Uint8Array, allowTrailing: boolean): ParsedSignedData {
  const top = expectElement(bytes, 0, TAG.sequence, 'ContentInfo');
  if (!allowTrailing && top.end !== bytes.length) throw new CmsFormatError(`${bytes.length - top.end} byte(s) after the signature`);
  const [contentType, wrapped, ...restTop] = children(bytes, top);
  if (contentType === undefined || wrapped === undefined || restTop.length > 0)
    throw new CmsFormatError('ContentInfo must have exactly two parts');
  must(readOid(bytes, contentType) === OIDS.signedData, 'the content type is not SignedData');
  must(wrapped.tag === TAG.context0, 'SignedData is not wrapped in [0]');
  const [signedData, ...extra] = children(bytes, wrapped);
  must(signedData !== undefined && signedData.tag === TAG.sequence && extra.length === 0, 'SignedData is not one SEQUENCE');
  const parts = children(bytes, signedData as DerElement);
  let index = 0;
  const next = (): DerElement | undefined => parts[index++];
  must(integerValue(bytes, next()) === 1, 'SignedData version must be 1');
  const digestAlgorithms = next();
  must(digestAlgorithms?.tag === TAG.set, 'digestAlgorithms is not a SET');
  const algorithms = children(bytes, digestAlgorithms as DerElement).map((algorithm) => algorithmOid(bytes, algorithm));
  must(algorithms.length === 1 && algorithms[0] === OIDS.sha256, 'the digest algorithm must be SHA-256 alone');
  const encapsulated = next();
  must(encapsulated?.tag === TAG.sequence, 'encapContentInfo is not a SEQUENCE');
  const encapParts = children(bytes, encapsulated as DerElement);
  must(encapParts.length === 1, 'the signature is not detached (it carries content)');
  must(readOid(bytes, encapParts[0] as DerElement) === OIDS.data, 'the encapsulated content type is not data');
  let element = next();
  const certificates: Buffer[] = [];
  if (element?.tag === TAG.context0) {
    for (const certificate of children(bytes, element)) {
      must(certificate.tag === TAG.sequence, 'a certificate is not a SEQUENCE');
      certificates.push(encoding(bytes, certificate));
    }
    element = next();
  }
  must(element?.tag !== TAG.context1, 'revocation lists are not expected');
  must(element?.tag === TAG.set, 'signerInfos is not a SET');
  must(index === parts.length, 'unexpected parts after signerInfos');
  const signerInfos = children(bytes, element as DerElement);
  must(signerInfos.length === 1, `expected one signer, found ${signerInfos.length}`);
  const signer = readSignerInfo(bytes, signerInfos[0] as DerElement, certificates);
  return { certificates, ...signer, length: top.end };
}

function readSignerInfo(
  bytes: Uint8Array,
  info: DerElement,
  certificates: readonly Buffer[],
): Omit<ParsedSignedData, 'certificates' | 'length'> {
  must(info.tag === TAG.sequence, 'SignerInfo is not a SEQUENCE');
  const [version, sid, digestAlgorithm, attributes, signatureAlgorithm, signature, ...rest] = children(bytes, info);
  must(rest.length === 0, 'unsigned attributes are not expected');
  must(integerValue(bytes, version) === 1, 'SignerInfo version must be 1 (issuer and serial number)');
  must(sid?.tag === TAG.sequence, 'the signer identifier is not issuerAndSerialNumber');
  const [issuer, serial, ...sidRest] = children(bytes, sid as DerElement);
  must(issuer?.tag === TAG.sequence && serial?.tag === TAG.integer && sidRest.length === 0, 'malformed issuerAndSerialNumber');
  must(algorithmOid(bytes, digestAlgorithm) === OIDS.sha256, 'the signer digest algorithm must be SHA-256');
  must(attributes?.tag === TAG.context0, 'signed attributes are missing');
  const signatureOid = algorithmOid(bytes, signatureAlgorithm);
  must(SIGNATURE_ALGORITHMS.has(signatureOid), `unsupported signature algorithm ${signatureOid}`);
  must(signature?.tag === TAG.octetString, 'the signature is not an OCTET STRING');
  const attributeSet = encoding(bytes, attributes as DerElement);
  attributeSet[0] = TAG.set;
  const found = new Map<string, DerElement>();
  for (const attribute of children(bytes, attributes as DerElement)) {
    const [type, values, ...more] = children(bytes, attribute);
    must(type !== undefined && values?.tag === TAG.set && more.length === 0, 'malformed signed attribute');
    const oid = readOid(bytes, type as DerElement);
    must(!found.has(oid), `signed attribute ${oid} appears twice`);
    const valueList = children(bytes, values as DerElement);
    must(valueList.length === 1, `signed attribute ${oid} must have one value`);
    found.set(oid, valueList[0] as DerElement);
  }
  const contentType = found.get(OIDS.contentType);
  must(contentType !== undefined && readOid(bytes, contentType) === OIDS.data, 'the contentType attribute must say data');
  const digest = found.get(OIDS.messageDigest);
  must(digest?.tag === TAG.octetString && digest.end - digest.contentStart === 32, 'the messageDigest attribute must hold a SHA-256');
  const time = found.get(OIDS.signingTime);
  must(time !== undefined, 'the signingTime attribute is missing');
  const issuerBytes = encoding(bytes, issuer as DerElement);
  const serialBytes = encoding(bytes, serial as DerElement);
  const signerCertificate = certificates.find((certificate) => {
    const { issuer: certIssuer, serial: certSerial } = issuerAndSerial(certificate);
    return certIssuer.equals(issuerBytes) && certSerial.equals(serialBytes);
  });
  if (signerCertificate === undefined) throw new CmsFormatError('no included certificate matches the signer (issuer and serial number)');
  return {
    signerCertificate,
    signedAttributes: attributeSet,
    signature: content(bytes, signature as DerElement),
    signatureAlgorithm: signatureOid,
    messageDigest: content(bytes, digest as DerElement),
    signingTime: readTime(bytes, time as DerElement),
  };
}

/** The issuer Name and serialNumber encodings of a certificate (TBSCertificate fields 2 and 4, after the optional version). */
export function issuerAndSerial(certificate: Uint8Array): { issuer: Buffer; serial: Buffer } {
  const cert = expectElement(certificate, 0, TAG.sequence, 'Certificate');
  const [tbs] = children(certificate, cert);
  const fields = children(certificate, tbs as DerElement);
  const offset = fields[0]?.tag === TAG.context0 ? 1 : 0;
  const serial = fields[offset];
  const issuer = fields[offset + 2];
  if (serial?.tag !== TAG.integer || issuer?.tag !== TAG.sequence) throw new DerError('malformed TBSCertificate');
  return { issuer: encoding(certificate, issuer), serial: encoding(certificate, serial) };
}

function integerValue(bytes: Uint8Array, element: DerElement | undefined): number {
  if (element?.tag !== TAG.integer) throw new CmsFormatError('expected an INTEGER');
  const body = content(bytes, element);
  if (body.length !== 1) return -1;
  return body[0] as number;
}

function algorithmOid(bytes: Uint8Array, element: DerElement | undefined): string {
  if (element?.tag !== TAG.sequence) throw new CmsFormatError('expected an AlgorithmIdentifier');
  const [oid, parameters, ...rest] = children(bytes, element);
  must(oid !== undefined && rest.length === 0, 'malformed AlgorithmIdentifier');
  // Parameters are absent or NULL (05 00) for every algorithm accepted here.
  must(
    parameters === undefined || (parameters.tag === TAG.null && parameters.end === parameters.contentStart),
    'unexpected algorithm parameters',
  );
  return readOid(bytes, oid as DerElement);
}

function must(condition: boolean, message: string): asserts condition {
  if (!condition) throw new CmsFormatError(message);
}
