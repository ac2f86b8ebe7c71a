import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { rendererCsp } from '../shared/security/csp.js';
import { isAppUrl } from './app-url.js';
import { RENDERER_CONTENT_TYPES } from '../shared/web/content-types.js';

/** Where a request for the app scheme leads: a file inside the renderer folder, or an HTTP status. */
export type AppPath = { readonly ok: true; readonly filePath: string } | { readonly ok: false; readonly status: 400 | 403 | 404 };

/** Reads a file's bytes; rejects when it does not exist or is not a file. */
export type ReadFile = (filePath: string) => Promise<Uint8Array<ArrayBuffer>>;

/**
 * Maps an app:// URL to a file under `root`. Chromium already folds `..` and `%2e%2e` segments, but an
 * encoded slash (`..%2f`) or backslash survives until we decode, so containment is checked after decoding.
 */
export function resolveAppPath(root: string, url: string): AppPath {
  if (!isAppUrl(url)) return { ok: false, status: 403 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { ok: false, status: 400 };
  const base = resolve(root);
  const filePath = resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
  const rel = relative(base, filePath);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { ok: false, status: 404 };
  return { ok: true, filePath };
}

/** The headers every app:// response carries, errors included: no response ever arrives without the CSP. */
function securityHeaders(): Record<string, string> {
  return { 'Content-Security-Policy': rendererCsp(), 'X-Content-Type-Options': 'nosniff' };
}

/** Answers one app:// request: the file with its type, or a bodiless error status; both carry the renderer CSP. */
export async function serveAppFile(root: string, url: string, readFile: ReadFile): Promise<Response> {
  const target = resolveAppPath(root, url);
  if (!target.ok) return new Response(null, { status: target.status, headers: securityHeaders() });
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readFile(target.filePath);
  } catch {
    // Missing file, directory or unreadable: the page learns nothing more than "not here".
    return new Response(null, { status: 404, headers: securityHeaders() });
  }
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': RENDERER_CONTENT_TYPES[extname(target.filePath).toLowerCase()] ?? 'application/octet-stream',
      ...securityHeaders(),
    },
  });
}
