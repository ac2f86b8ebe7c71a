// @ts-check
// electron-builder configuration (docs/ELECTRON.md, "Packaging"). `npm run dist` builds with it; run
// through that script, not `electron-builder` directly: it stages the CLI bundle and finds a local Electron.
const { join } = require('node:path');

/** The product name; test/electron/builder-config.test.ts checks it equals PRODUCT_NAME in engine/app/version.ts. */
const productName = 'CyberTrace HA Commissioning Wizard';

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'io.ctha.commissioning-wizard',
  productName,
  copyright: 'Copyright © 2026 the CyberTrace HA Commissioning Wizard authors',
  directories: { output: 'dist/packages', buildResources: 'assets' },
  // package.json has no "main" (the repository is not itself an Electron app); the packed copy gets one.
  extraMetadata: {
    main: 'dist/electron/main.cjs',
    // The deb's maintainer and the NSIS publisher come from here.
    author: { name: 'CyberTrace HA Commissioning Wizard authors', email: 'ctha@invalid' },
    // The deb's Homepage field is required; a placeholder until the publisher has a site.
    homepage: 'https://ctha.invalid/',
    // Electron takes the window class from this, so desktops tie the running window to the .desktop entry.
    desktopName: 'ctha-wizard.desktop',
  },
  // Only the built app: sources, tests, the lab, docs and maps stay out. Production dependencies are added
  // by electron-builder from package.json "dependencies" (never devDependencies).
  files: ['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/**/*', '!**/*.map'],
  // The `ctha` CLI as one self-contained bundle (staged by build/dist.mjs), outside the asar so a system
  // Node.js can run it: the app's own binary cannot (RunAsNode fuse off).
  extraResources: [{ from: 'dist/ctha-cli', to: 'ctha', filter: ['**/*', '!**/*.map'] }],
  asar: true,
  // Native modules are optional for ssh2 (pure-JS fallback); rebuilding them for Electron would download headers.
  npmRebuild: false,
  buildDependenciesFromSource: false,
  afterPack: './build/after-pack.mjs',
  // Nothing is uploaded anywhere by a build.
  publish: null,
  fileAssociations: [
    {
      ext: 'ctha.json',
      name: 'CyberTrace HA project',
      description: 'CyberTrace HA Commissioning Wizard project',
      mimeType: 'application/x-ctha-project+json',
      role: 'Editor',
    },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    executableName: 'ctha-wizard',
    syncDesktopName: true,
    category: 'Network',
    icon: 'assets/icons',
    synopsis: 'Commissions Kaspersky CyberTrace instances for High Availability',
    maintainer: 'CyberTrace HA Commissioning Wizard authors <ctha@invalid>',
  },
  deb: {
    // fpm takes extra "source=destination" inputs: the `ctha` launcher lands on PATH.
    fpm: [`${join(__dirname, 'assets', 'linux', 'ctha')}=/usr/bin/ctha`],
  },
  win: {
    target: ['nsis', 'portable'],
    icon: 'assets/icon.ico',
    extraFiles: [{ from: 'assets/windows/ctha.cmd', to: 'ctha.cmd' }],
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
};
