// The one rule for how element text and attribute values of CyberTrace's XML files compare. The engine's
// observations and comparisons (shared/requirements, engine/cybertrace/model) and the lab simulator's config
// reading (lab/simulator) both go through it, so what the simulator acts on is what the audit calls equal.
//
// What the help says (REFERENCE.md):
// - 1.3: names in the file are case-sensitive (regex names, feed fields...): element and attribute names
//   compare exactly.
// - 1.4.2, 1.6, 4.3, 4.5, 1.5: every documented switch is written `true` or `false` in lower case
//   (`enabled="true|false"`, FinishedEventFormat `enabled="true"`, Feed `enabled`, IoCExport `enabled` and
//   `create_header`, `use_for_retroscan`); 3.5 step 8 gives the HA value `enabled="true"` exactly.
// - 1.4.3: the help writes ActionableFieldContextFormat as `<![CDATA[ %ParamName%:%ParamValue%]]>`, a value
//   with a leading space: whitespace inside a value can be part of it.
// What XML itself fixes (not CyberTrace): CDATA is only a way of writing characters, entity references
// stand for their characters, and a processor turns CRLF and lone CR into LF (XML 1.0 2.11, 2.7, 4.6).
//
// Undocumented, and decided conservatively (a difference we cannot prove harmless is reported, never
// silently equal):
// - whether CyberTrace trims element text: we compare it verbatim (nothing trimmed), because trimming would
//   call `<REQ> ^(\d+)\s</REQ>` the documented regex when the service may read a leading space into it;
// - whether a switch accepts `True`, `TRUE`, `1`, `yes` or ` true `: we take only the documented spellings;
//   any other value is "undocumented", never on, never off, and reported as itself;
// - the case of enumerated attribute values (`type="context"`): compared exactly, like names (1.3).

/** Characters XML treats as whitespace (XML 1.0 production [3] S). */
const XML_SPACE = /^[ \t\r\n]*$/;

/** Element text as XML delivers it: line ends as LF (XML 1.0 2.11); the caller has already decoded entities and unwrapped CDATA. Never trimmed. */
export function xmlText(raw: string): string {
  return raw.replace(/\r\n?/g, '\n');
}

/**
 * The text of an element that has child elements (a container): whitespace-only text is indentation and
 * counts as '' (XML 1.0 2.10); any other text between the children is not a documented setting and is kept
 * trimmed, so re-indenting a file never makes a difference while any non-blank text still does.
 */
export function xmlContainerText(raw: string): string {
  return XML_SPACE.test(raw) ? '' : xmlText(raw).trim();
}

/** Whether two element texts are the same value for CyberTrace: identical after XML line-end handling, nothing else forgiven. */
export function sameXmlText(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a === b;
  return xmlText(a) === xmlText(b);
}

/** An attribute value as compared: exactly as decoded (entities replaced); whitespace and case count. */
export function sameXmlAttribute(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

/**
 * Whether two different values differ only in surrounding spaces or letter case: the rule still calls them
 * different, and this lets a finding say why (`True` against `true`, ` 10.0.0.5` against `10.0.0.5`).
 */
export function differsOnlyInSpacingOrCase(a: string, b: string): boolean {
  return a !== b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Element and attribute names are case-sensitive (REFERENCE 1.3): `REQ` and `req` are two rules. */
export function sameXmlName(a: string, b: string): boolean {
  return a === b;
}

/** The documented spelling of a switched-on attribute (REFERENCE 1.4.2, 1.6, 3.5 step 8). */
export const XML_TRUE = 'true';
/** The documented spelling of a switched-off attribute (REFERENCE 1.4.2, 4.3, 4.5). */
export const XML_FALSE = 'false';

/** What a true/false attribute says: `absent` when it is not written, `undocumented` for any spelling the help does not give. */
export type XmlSwitch = 'on' | 'off' | 'absent' | 'undocumented';

/** Reads a true/false attribute (enabled, used, create_header...): only `true` and `false` exactly are documented. */
export function xmlSwitch(value: string | null | undefined): XmlSwitch {
  if (value === null || value === undefined) return 'absent';
  if (value === XML_TRUE) return 'on';
  if (value === XML_FALSE) return 'off';
  return 'undocumented';
}

/** Whether a switch is on: only the documented `true` (so `True`, ` true ` and `1` are not). */
export function isXmlSwitchOn(value: string | null | undefined): boolean {
  return xmlSwitch(value) === 'on';
}

/** Whether a switch is documented off: only `false` (an undocumented value is not proven off either). */
export function isXmlSwitchOff(value: string | null | undefined): boolean {
  return xmlSwitch(value) === 'off';
}

/**
 * How a switch's value reads in a finding or a log line: `enabled="True" (not a documented value: the help
 * writes true or false, so it is not taken as true)`; undefined for the documented values.
 */
export function describeUndocumentedSwitch(attribute: string, value: string | null | undefined): string | undefined {
  if (xmlSwitch(value) !== 'undocumented') return undefined;
  const near = [XML_TRUE, XML_FALSE].find(
    (documented) => value !== null && value !== undefined && differsOnlyInSpacingOrCase(value, documented),
  );
  const hint = near === undefined ? '' : `; only its case or spacing differs from ${near}`;
  return `${attribute}=${JSON.stringify(value)} (not a documented value: the help writes true or false${hint}; taken as neither, REFERENCE 1.4.2)`;
}
