/** Throws when a switch meets a value its type says cannot exist; makes exhaustiveness a compile error. */
export function missingCase(value: never): never {
  throw new TypeError(`unhandled case: ${JSON.stringify(value)}`);
}
