/** What each engine-backed step not built yet will show; its empty state quotes it. */
export const STEP_NOTES = {
  report:
    'The signed verification bundle: evidence.json with its detached CMS signature, report.pdf, VERIFY.txt, ' +
    'and the built-in verifier.',
} as const satisfies Readonly<Record<string, string>>;
