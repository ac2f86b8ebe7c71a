import { isAbsolute, resolve } from 'node:path';
import type { ConfigLayout } from './config-layout.js';
import { parseTcpEndpoint, type Endpoint } from './connection-string.js';
import { ConfigError } from './config-error.js';
import { descend, type XmlElement } from './xml-tree.js';

/** `HTTPServer` exactly as the config writes it (REFERENCE.md 1.8); checked only when the lab turns REST on. */
export interface HttpServerText {
  /** Where the element was looked for, for messages: `GUISettings/HTTPServer` (4.x) or `ServiceSettings/HTTPServer` (5.x). */
  readonly path: string;
  readonly connectionString: string | undefined;
  readonly certificatePath: string | undefined;
  readonly privateKeyPath: string | undefined;
}

/** What the REST endpoint needs, with defaults applied and paths resolved. */
export interface HttpServerSettings {
  readonly endpoint: Endpoint;
  readonly certificateFile: string;
  readonly privateKeyFile: string;
}

// Documented defaults (REFERENCE.md 1.8): an absent ConnectionString means 127.0.0.1:443; both files
// default to ../httpsrv/ relative to the executable.
const DEFAULT_CONNECTION = '127.0.0.1:443';
const DEFAULT_CERTIFICATE = '../httpsrv/kl_feed_service_cert.pem';
const DEFAULT_PRIVATE_KEY = '../httpsrv/kl_feed_service_private.pem';

/** Reads the raw `HTTPServer` values: 4.x `GUISettings/HTTPServer`, 5.x `ServiceSettings/HTTPServer`. */
export function readHttpServerText(root: XmlElement, layout: ConfigLayout): HttpServerText {
  const parent = layout === '4.x' ? 'GUISettings' : 'ServiceSettings';
  const server = descend(root, parent, 'HTTPServer');
  const text = (name: string): string | undefined => descend(server, name)?.text;
  return {
    path: `${parent}/HTTPServer`,
    connectionString: text('ConnectionString'),
    certificatePath: text('SSLCertificatePath'),
    privateKeyPath: text('SSLPrivateKeyPath'),
  };
}

/**
 * Applies defaults and resolves the certificate paths from the binary's folder, as the real service
 * does. Windows-style relative paths (`..\httpsrv\x`) are read with `/`, because the lab runs on
 * Linux; an absolute Windows path cannot be mapped to the lab's files and is refused.
 */
export function resolveHttpServerSettings(text: HttpServerText, binDir: string): HttpServerSettings {
  const endpoint = parseTcpEndpoint(text.connectionString ?? DEFAULT_CONNECTION, `${text.path}/ConnectionString`);
  const file = (value: string | undefined, fallback: string, name: string): string => {
    const written = value ?? fallback;
    if (/^[A-Za-z]:[\\/]/.test(written) || written.startsWith('\\\\')) {
      throw new ConfigError(
        'invalid-value',
        `${text.path}/${name}: the lab simulator cannot map the Windows path "${written}"; use a path relative to bin`,
      );
    }
    const portable = written.replace(/\\/g, '/');
    return isAbsolute(portable) ? portable : resolve(binDir, portable);
  };
  return {
    endpoint,
    certificateFile: file(text.certificatePath, DEFAULT_CERTIFICATE, 'SSLCertificatePath'),
    privateKeyFile: file(text.privateKeyPath, DEFAULT_PRIVATE_KEY, 'SSLPrivateKeyPath'),
  };
}
