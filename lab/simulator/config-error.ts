// The service refuses to start when its config is missing or invalid (REFERENCE.md 1.3); this is
// the one error type that carries that refusal, so callers can tell it from a crash.

/** What made the service refuse its configuration. */
export type ConfigProblem =
  | 'missing' // the file does not exist or cannot be read
  | 'malformed' // not well-formed XML, not UTF-8, or more than one root element
  | 'doctype' // a DOCTYPE declaration (refused: no entity expansion, ever)
  | 'missing-element' // a mandatory element is absent
  | 'invalid-value' // an element or attribute holds a value the service cannot use
  | 'changed'; // lab fault refuse-start: the file differs from the recorded original

/** A refusal to start because of the configuration file; the message is the log line's text. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly problem: ConfigProblem,
    message: string,
  ) {
    super(message);
  }
}
