// Why a configuration file could not be read as XML. Every refusal names the file (its label) so that
// an engineer looking at a plan for several hosts knows which file to open.

/** What kind of problem stopped the read. */
export type ConfigXmlErrorCode = 'encoding' | 'doctype' | 'not-well-formed' | 'root';

/** A configuration file that the XML layer refuses to read or edit; nothing was changed. */
export class ConfigXmlError extends Error {
  readonly code: ConfigXmlErrorCode;
  readonly label: string;

  constructor(code: ConfigXmlErrorCode, label: string, detail: string) {
    super(`${label}: ${detail}`);
    this.name = 'ConfigXmlError';
    this.code = code;
    this.label = label;
  }
}

/** True when `e` is a ConfigXmlError (also across module copies, by name and code). */
export function isConfigXmlError(e: unknown): e is ConfigXmlError {
  if (e instanceof ConfigXmlError) return true;
  return e instanceof Error && e.name === 'ConfigXmlError' && typeof (e as { code?: unknown }).code === 'string';
}
