import { z } from 'zod';

/**
 * An XML element as a comparable value: attributes by name (their order in the file does not count),
 * children in file order, and the text of a leaf exactly as CyberTrace reads it (line endings as LF,
 * nothing trimmed). Indentation between child elements is layout, not content, and is left out.
 */
// A type alias, not an interface: only aliases are assignable to JsonValue's index signature.
export type CanonicalElement = {
  readonly name: string;
  readonly attributes: { readonly [name: string]: string };
  /** A leaf's text (may be ''); for an element with children, the non-blank text between them, trimmed ('' when none). */
  readonly text: string;
  readonly children: readonly CanonicalElement[];
};

/** Schema of CanonicalElement. */
export const CanonicalElementSchema: z.ZodType<CanonicalElement> = z.lazy(() =>
  z.strictObject({
    name: z.string(),
    attributes: z.record(z.string(), z.string()),
    text: z.string(),
    children: z.array(CanonicalElementSchema),
  }),
);
