// The service's rules are Boost (Perl-syntax) regexes; the simulator runs them as JS RegExp.
// The two agree on everything the HA rules and the documented examples use. The few Boost forms
// with a direct JS equivalent are rewritten; anything JS cannot compile is a config error naming
// the rule (docs/LAB-SIMULATOR.md lists the differences).

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\s',
  upper: 'A-Z',
  word: '\\w',
  xdigit: '0-9A-Fa-f',
};

/** Translates a Boost regex to JS source and flags; throws an Error saying why when it cannot. */
export function boostToJs(boost: string): { source: string; flags: string } {
  let source = boost;
  let flags = '';
  // A leading (?i) is the only inline modifier Node 20 can express (as the `i` flag).
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags += 'i';
  }
  source = source.replace(/\[:([a-z]+):\]/g, (whole, name: string) => (Object.hasOwn(POSIX_CLASSES, name) ? POSIX_CLASSES[name]! : whole));
  // \A, \z and \Z anchor the whole subject; an event is one line, so ^ and $ mean the same.
  source = source.replace(/(?<!\\)((?:\\\\)*)\\A/g, '$1^').replace(/(?<!\\)((?:\\\\)*)\\[zZ]/g, '$1$');
  return { source, flags };
}

/** Compiles a Boost rule body to a global JS RegExp (global: `extract="all"` walks every match). */
export function compileBoostRegex(boost: string): RegExp {
  const { source, flags } = boostToJs(boost);
  try {
    return new RegExp(source, `${flags}g`);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new Error(`regex not supported: ${reason}`);
  }
}
