// Vite bundles imported stylesheets into a file the strict CSP allows; TypeScript only needs to know they exist.
declare module '*.css';
