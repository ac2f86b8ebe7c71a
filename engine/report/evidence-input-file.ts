import { readFile } from 'node:fs/promises';

/** Raised when the evidence input file cannot be read or is not JSON. */
export class EvidenceFileError extends Error {
  override readonly name = 'EvidenceFileError';
  constructor(
    message: string,
    readonly notFound = false,
  ) {
    super(message);
  }
}

/** Reads an evidence input file as JSON (validation is the builder's). */
export async function readEvidenceInputFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EvidenceFileError(
      code === 'ENOENT' ? `evidence input ${path} not found` : `cannot read ${path}: ${(error as Error).message}`,
      code === 'ENOENT',
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new EvidenceFileError(`${path} is not JSON: ${(error as Error).message}`);
  }
}
