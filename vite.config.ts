import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from a custom protocol (Electron) or a token-guarded loopback server
// (browser mode); relative asset URLs work for both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, target: 'es2022' },
});
