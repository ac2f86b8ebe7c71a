// What the real service keeps in its database and the lab keeps in one JSON file: the Web/REST users
// and the indicators of the built-in FalsePositive and InternalTI suppliers (REFERENCE.md 4.6, 5).
// A test seeds the file to make instances differ; it is re-read on every request, as an indicator
// added through the real REST API takes effect without a restart.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** The documented default Web account (REFERENCE.md 1.8, "2020" edition), used when the file does not exist. */
export const DEFAULT_WEB_USER = { name: 'admin', password: 'CyberTrace!1' } as const;

/** Default location, relative to the binary's folder: beside the web server's certificate. */
export const DEFAULT_LAB_DATA_FILE = '../httpsrv/lab_rest.json';

// Indicators as `PUT /api/{v}/suppliers/{supplier}/indicators` takes them (REFERENCE.md 5).
const indicator = z.strictObject({
  indicator: z.string().min(1).max(2048),
  context: z.record(z.string(), z.string()).optional(),
  tags: z.array(z.string()).optional(),
});

const LabDataSchema = z.strictObject({
  users: z.array(z.strictObject({ name: z.string().min(1), password: z.string() })).default([DEFAULT_WEB_USER]),
  suppliers: z
    .strictObject({
      FalsePositive: z.array(indicator).max(100_000).default([]),
      InternalTI: z.array(indicator).max(100_000).default([]),
    })
    .default({ FalsePositive: [], InternalTI: [] }),
});

/** The lab's stand-in for the service's user and supplier database. */
export type LabRestData = z.output<typeof LabDataSchema>;

/** What a test writes into the file. */
export type LabRestDataInput = z.input<typeof LabDataSchema>;

// A few thousand indicators are plenty for a lab; the cap keeps a wrong path from being slurped.
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Reads the lab data file; a missing file means the default account and empty suppliers. Throws Error saying why otherwise. */
export async function readLabRestData(path: string): Promise<LabRestData> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return LabDataSchema.parse({});
    throw new Error(`lab data file ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`lab data file ${path}: not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const parsed = LabDataSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`lab data file ${path}: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}`);
  }
  return parsed.data;
}
