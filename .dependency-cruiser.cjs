// Import boundaries between runtimes (docs/ARCHITECTURE.md, "Layering"). `npm run lint:boundaries`
// fails the build on any violation; test/fixtures/layering holds deliberate violations that a test
// checks are caught. Paths match with an optional prefix so that the fixture tree is judged by the
// same rules as the real one.
const at = (dirs) => `(^|/)(${dirs})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'pure-layers-import-node-layers',
      comment: 'renderer/ and shared/ must not reach engine/, electron/, cli/ or lab/: they run in a page.',
      severity: 'error',
      from: { path: at('renderer|shared') },
      to: { path: at('engine|electron|cli|lab') },
    },
    {
      name: 'pure-layers-import-node-builtins',
      comment: 'renderer/ and shared/ run without Node: no node:* or built-in modules.',
      severity: 'error',
      from: { path: at('renderer|shared') },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pure-layers-import-electron',
      comment: 'renderer/ and shared/ reach Electron only through the preload bridge object.',
      severity: 'error',
      from: { path: at('renderer|shared') },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'shared-imports-ui-libraries',
      comment: 'shared/ is UI-free domain code: no React, no zustand.',
      severity: 'error',
      from: { path: at('shared') },
      to: { path: '(^|/)node_modules/(react|react-dom|zustand)/' },
    },
    {
      name: 'engine-imports-front-ends',
      comment: 'engine/ serves every front end: it never imports electron, renderer/, electron/, cli/ or React.',
      severity: 'error',
      from: { path: at('engine') },
      to: { path: `${at('renderer|electron|cli')}|(^|/)node_modules/(electron|react|react-dom|zustand)/` },
    },
    {
      name: 'product-imports-lab',
      comment: 'The lab simulates customer hosts for tests and demos; the engine, shell and renderer never depend on it.',
      severity: 'error',
      from: { path: at('engine|electron|renderer|shared') },
      to: { path: at('lab') },
    },
    {
      name: 'cli-or-lab-imports-electron',
      comment: 'cli/ and lab/ must run where no Electron binary exists.',
      severity: 'error',
      from: { path: at('cli|lab') },
      to: { path: `${at('electron|renderer')}|(^|/)node_modules/electron/` },
    },
    {
      name: 'cli-imports-engine-internals',
      comment:
        'cli/ is a front end of the contract like the wizard: from engine/ it imports only the factory, engine/api/create-engine.ts ' +
        '(which re-exports the few helpers the CLI needs).',
      severity: 'error',
      from: { path: at('cli') },
      to: { path: at('engine'), pathNot: '(^|/)engine/api/create-engine\\.ts$' },
    },
    {
      name: 'ssh-imports-api',
      comment: 'engine/ssh is below engine/api: sessions take an AskPerson (shared/contract/prompt-ask.ts), never the PromptBroker.',
      severity: 'error',
      from: { path: '(^|/)engine/ssh/' },
      to: { path: '(^|/)engine/api/' },
    },
    {
      name: 'discovery-imports-steps',
      comment: 'Discovery is used by the steps (audit, plan, apply) and the benchmarks; it never imports them (it takes a DiscoveryHost).',
      severity: 'error',
      from: { path: '(^|/)engine/cybertrace/discovery/' },
      to: { path: '(^|/)engine/steps/' },
    },
    {
      name: 'no-circular',
      comment:
        'No module may reach itself through the imports that run (type-only imports are erased and do not count). ' +
        'Pending: the emulated shells of lab/emulated (their command tables and interpreters import each other).',
      severity: 'error',
      from: {
        pathNot:
          '^lab/emulated/(windows/(powershell-exe|ps/interpreter|ps/commands|programs|feed-service-exe|native|cmd)|linux/(cmd-run|shell|registry))\\.ts$',
      },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
