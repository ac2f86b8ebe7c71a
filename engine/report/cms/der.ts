// A strict, minimal DER reader: tag, length and exact byte offsets, so that a verifier can hash and
// compare the very bytes that were signed instead of a library's re-encoding of them.

/** One DER element: where it starts, where its content is, where it ends. */
export interface DerElement {
  /** The identifier octet (class, constructed bit, tag number < 31). */
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** Raised for anything that is not strict DER; the message says where. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/** Common identifier octets. */
export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
  context1: 0xa1,
} as const;

/** Reads the element at `offset`, refusing indefinite or non-minimal lengths, multi-byte tags and overruns. */
export function readElement(bytes: Uint8Array, offset: number, limit: number = bytes.length): DerElement {
  if (offset + 2 > limit) throw new DerError(`truncated element at byte ${offset}`);
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte tag at byte ${offset}`);
  const first = bytes[offset + 1] as number;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    const count = first & 0x7f;
    if (count === 0) throw new DerError(`indefinite length at byte ${offset}`);
    if (count > 4) throw new DerError(`length of ${count} octets at byte ${offset}`);
    if (offset + 2 + count > limit) throw new DerError(`truncated length at byte ${offset}`);
    length = 0;
    for (let index = 0; index < count; index += 1) length = length * 256 + (bytes[offset + 2 + index] as number);
    if ((bytes[offset + 2] as number) === 0 || length < 0x80) throw new DerError(`non-minimal length at byte ${offset}`);
    contentStart = offset + 2 + count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError(`element at byte ${offset} runs past its container`);
  return { tag, start: offset, contentStart, end };
}

/** Reads an element and checks its identifier octet. */
export function expectElement(bytes: Uint8Array, offset: number, tag: number, what: string, limit: number = bytes.length): DerElement {
  const element = readElement(bytes, offset, limit);
  if (element.tag !== tag)
    throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${element.tag.toString(16)} at byte ${offset}`);
  return element;
}

/** The children of a constructed element, which must fill it exactly. */
export function children(bytes: Uint8Array, parent: DerElement): DerElement[] {
  if ((parent.tag & 0x20) === 0) throw new DerError(`element at byte ${parent.start} is not constructed`);
  const list: DerElement[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readElement(bytes, offset, parent.end);
    list.push(child);
    offset = child.end;
  }
  return list;
}

/** The content bytes of an element. */
export function content(bytes: Uint8Array, element: DerElement): Buffer {
  return Buffer.from(bytes.subarray(element.contentStart, element.end));
}

/** The whole encoding (identifier, length, content) of an element. */
export function encoding(bytes: Uint8Array, element: DerElement): Buffer {
  return Buffer.from(bytes.subarray(element.start, element.end));
}

/** Decodes an OBJECT IDENTIFIER element to dotted form. */
export function readOid(bytes: Uint8Array, element: DerElement): string {
  if (element.tag !== TAG.oid) throw new DerError(`expected an OID at byte ${element.start}`);
  const body = content(bytes, element);
  if (body.length === 0) throw new DerError(`empty OID at byte ${element.start}`);
  const parts: number[] = [];
  let value = 0;
  for (const [index, byte] of body.entries()) {
    if (value === 0 && byte === 0x80) throw new DerError(`non-minimal OID at byte ${element.start}`);
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    } else if (index === body.length - 1) {
      throw new DerError(`truncated OID at byte ${element.start}`);
    }
  }
  const first = parts[0] as number;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts.slice(1)].join('.');
}

/** Decodes a UTCTime or GeneralizedTime (the `Z` forms DER requires). */
export function readTime(bytes: Uint8Array, element: DerElement): Date {
  const text = content(bytes, element).toString('latin1');
  const utc = element.tag === TAG.utcTime ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  const generalized = element.tag === TAG.generalizedTime ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  const match = utc ?? generalized;
  if (match === null) throw new DerError(`expected a DER time at byte ${element.start}`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const year = utc === null ? y : y >= 50 ? 1900 + y : 2000 + y;
  return new Date(Date.UTC(year, mo - 1, d, h, mi, s));
}
