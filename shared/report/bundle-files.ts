/** The four files of a report bundle, by role. */
export const BUNDLE_FILES = {
  /** The signed evidence: these exact bytes are what evidence.json.p7s signs. */
  evidence: 'evidence.json',
  /** Detached CMS signature (DER) over evidence.json. */
  signature: 'evidence.json.p7s',
  /** The signed report for people, evidence.json attached. */
  pdf: 'report.pdf',
  /** How to check the bundle with openssl and pdfsig. */
  verify: 'VERIFY.txt',
} as const;

/** One bundle file's name. */
export type BundleFileName = (typeof BUNDLE_FILES)[keyof typeof BUNDLE_FILES];
