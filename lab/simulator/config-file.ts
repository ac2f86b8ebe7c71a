import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from './config-error.js';
import { readFeedServiceConfig, type FeedServiceConfig } from './feed-config.js';
import { parseXmlDocument } from './xml-tree.js';

// Real configs are tens of kilobytes; the cap keeps a wrong path (a feed database, say) from being slurped.
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** Options for loading the config file. */
export interface LoadConfigOptions {
  /** Lab fault refuse-start: refuse unless the file's SHA-256 (hex) is this one. */
  readonly refuseIfChangedFrom?: string;
}

/** Reads, checks and parses kl_feed_service.conf; every refusal is a ConfigError whose message names the file. */
export async function loadConfigFile(path: string, options: LoadConfigOptions = {}): Promise<FeedServiceConfig> {
  const bytes = await readConfigBytes(path);
  const expected = options.refuseIfChangedFrom?.toLowerCase();
  if (expected !== undefined) {
    const actual = sha256Hex(bytes);
    if (actual !== expected) {
      throw new ConfigError(
        'changed',
        `${path}: the configuration changed (sha256 ${actual}, expected ${expected}); refusing to start (lab fault refuse-start)`,
      );
    }
  }
  try {
    return readFeedServiceConfig(parseXmlDocument(decodeUtf8(bytes)));
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.problem, `${path}: ${error.message}`);
    throw error;
  }
}

/** SHA-256 of some bytes as lower-case hex, the form `--refuse-if-config-changed-from` takes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readConfigBytes(path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`;
    throw new ConfigError('missing', `${path}: ${reason}`);
  }
  if (bytes.length > MAX_CONFIG_BYTES) throw new ConfigError('malformed', `${path}: larger than ${MAX_CONFIG_BYTES} bytes`);
  return bytes;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError('malformed', 'the file is not valid UTF-8');
  }
}
