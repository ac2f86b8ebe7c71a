import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { resolveAppPath, serveAppFile } from '../../electron/app-files.js';
import { rendererCsp } from '../../shared/security/csp.js';

const root = resolve('/srv/app/dist/renderer');
const files = new Map<string, string>([
  [resolve(root, 'index.html'), '<!doctype html><title>ok</title>'],
  [resolve(root, 'assets/index-abc.js'), 'console.log(1)'],
]);
const encoder = new TextEncoder();
const fakeRead = vi.fn(async (path: string) => {
  const text = files.get(path);
  if (text === undefined) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' });
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
});

describe('resolveAppPath', () => {
  it('maps the origin root and nested assets into the renderer folder', () => {
    expect(resolveAppPath(root, 'app://ctha/')).toEqual({ ok: true, filePath: resolve(root, 'index.html') });
    expect(resolveAppPath(root, 'app://ctha/assets/index-abc.js?v=1')).toEqual({
      ok: true,
      filePath: resolve(root, 'assets/index-abc.js'),
    });
  });

  it('keeps dot segments inside the folder', () => {
    // The URL parser folds `..` (plain or %2e%2e) at the root, so these stay under root and simply do not exist.
    expect(resolveAppPath(root, 'app://ctha/../../etc/passwd')).toEqual({ ok: true, filePath: resolve(root, 'etc/passwd') });
    expect(resolveAppPath(root, 'app://ctha/%2e%2e/%2e%2e/etc/passwd')).toEqual({ ok: true, filePath: resolve(root, 'etc/passwd') });
  });

  it('refuses encoded slashes and backslashes that would climb out after decoding', () => {
    expect(resolveAppPath(root, 'app://ctha/..%2f..%2f..%2fetc%2fpasswd')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'app://ctha/%2e%2e%2f%2e%2e%2fetc/passwd')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'app://ctha/..%5c..%5cwindows%5cwin.ini')).toEqual({ ok: false, status: 400 });
  });

  it('refuses NUL bytes, malformed escapes and other origins', () => {
    expect(resolveAppPath(root, 'app://ctha/index.html%00.js')).toEqual({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://ctha/%E0%A4%A')).toEqual({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://other/index.html')).toEqual({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'file:///etc/passwd')).toEqual({ ok: false, status: 403 });
  });
});

describe('serveAppFile', () => {
  it('serves a file with its type, the renderer CSP and nosniff', async () => {
    const response = await serveAppFile(root, 'app://ctha/index.html', fakeRead);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(rendererCsp());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('<!doctype html><title>ok</title>');
  });

  it('answers 404 for an unknown file and never reads outside the folder', async () => {
    fakeRead.mockClear();
    expect((await serveAppFile(root, 'app://ctha/missing.js', fakeRead)).status).toBe(404);
    expect((await serveAppFile(root, 'app://ctha/../../etc/passwd', fakeRead)).status).toBe(404);
    expect((await serveAppFile(root, 'app://ctha/..%2f..%2fetc%2fpasswd', fakeRead)).status).toBe(404);
    for (const [path] of fakeRead.mock.calls) expect(path.startsWith(root)).toBe(true);
  });
});
