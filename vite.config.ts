import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';
import { rendererCsp } from './shared/security/csp.js';

/**
 * Writes the renderer CSP into the built index.html as a <meta>, so static scanners (Electronegativity) and a
 * page opened without our headers see it too. The servers still send it as a header, which stays the
 * stronger copy: frame-ancestors is dropped here because browsers ignore it in a <meta>. Build only: the
 * dev server injects inline scripts this policy forbids.
 */
function cspMeta(): Plugin {
  const content = rendererCsp()
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'ctha-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content }, injectTo: 'head-prepend' }],
  };
}

// The renderer is served from a custom protocol (Electron) or a token-guarded loopback server
// (browser mode); relative asset URLs work for both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, target: 'es2022' },
});
