// Runs Electronegativity over electron/ and a fresh renderer build, reads its SARIF file (it exits 0 on
// findings), and fails on any finding not accepted, with a reason, in docs/ELECTRON.md.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
interface Finding {
  readonly check: string;
  readonly file: string;
  readonly line: number | undefined;
  readonly message: string;
}
interface Sarif {
  runs: {
    results: {
      ruleId: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } } }[];
    }[];
  }[];
}
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<unknown>;

/**
 * Electronegativity's runner, with its HTTP client replaced by one that always fails: it would fetch
 * translations and Electron's release list from the internet, and a test never goes online. Its CLI
 * entry cannot be used: it calls an API its installed `commander` no longer has.
 */
function offlineRunner(): Run {
  const packageDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const requireFromIt = createRequire(join(packageDir, 'dist', 'locales', 'i18n.js'));
  const got = requireFromIt.resolve('got');
  const offline = () => Promise.reject(new Error('offline by design'));
  requireFromIt.cache[got] = {
    id: got,
    filename: got,
    loaded: true,
    exports: { __esModule: true, default: offline },
  } as unknown as NodeJS.Module;
  const runner = requireFromIt(join(packageDir, 'dist', 'runner.js')) as Run | { default: Run };
  return typeof runner === 'function' ? runner : runner.default;
}

/** The accepted findings: rows `| CHECK_ID | file | reason |` under "### Accepted Electronegativity findings". */
function acceptedFindings(): { check: string; file: string; reason: string }[] {
  const doc = readFileSync(join(root, 'docs', 'ELECTRON.md'), 'utf8');
  const section = doc.split('### Accepted Electronegativity findings')[1]?.split(/\n#{2,3} /)[0] ?? '';
  return section
    .split('\n')
    .map((line) => /^\|\s*`([A-Z_]+)`\s*\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line))
    .flatMap((match) => (match ? [{ check: match[1] ?? '', file: match[2] ?? '', reason: (match[3] ?? '').trim() }] : []));
}

/** The runner resolves before its fs.writeFile callback has run: wait (bounded) until the file is whole. */
async function readWhenWritten(path: string): Promise<Sarif> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (existsSync(path)) {
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as Sarif;
      } catch {
        // Still being written.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Electronegativity wrote no complete report at ${path} within 5 s`);
}

let scratch = '';
let findings: Finding[] = [];
let builtHtml = '';

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'ctha-electronegativity-'));
  const input = join(scratch, 'app');
  // A renderer build of its own: dist/ is shared with other runs that may be rewriting it right now.
  const vite = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--logLevel',
      'error',
      '--sourcemap',
      'false',
      '--outDir',
      join(input, 'renderer'),
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  expect(vite.status, vite.stderr).toBe(0);
  builtHtml = readFileSync(join(input, 'renderer', 'index.html'), 'utf8');
  cpSync(join(root, 'electron'), join(input, 'electron'), { recursive: true });
  const output = join(scratch, 'electronegativity.sarif');
  await offlineRunner()(
    {
      input,
      output,
      isSarif: true,
      customScan: [],
      // Asks the internet which Electron releases fix what; `npm audit` in .ci/run covers the electron package.
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: (require('electron/package.json') as { version: string }).version,
      parserPlugins: [],
    },
    false,
  );
  const sarif = await readWhenWritten(output);
  findings = (sarif.runs[0]?.results ?? []).map((result) => ({
    check: result.ruleId,
    file: result.locations[0]?.physicalLocation.artifactLocation.uri ?? '',
    line: result.locations[0]?.physicalLocation.region?.startLine,
    message: result.message.text,
  }));
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('Electronegativity over electron/ and the built renderer', () => {
  it('puts the renderer CSP in the built HTML as a <meta>, which the scanner reads', () => {
    expect(builtHtml).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39;/);
    expect(findings.map((f) => f.message)).not.toContain('No CSP has been detected in the target application');
  });

  it('reports nothing that docs/ELECTRON.md does not accept with a reason', () => {
    const accepted = acceptedFindings();
    for (const entry of accepted) expect(entry.reason.length, `${entry.check} ${entry.file} needs a reason`).toBeGreaterThan(20);
    const unaccepted = findings.filter((f) => !accepted.some((a) => a.check === f.check && a.file === f.file));
    expect(unaccepted).toEqual([]);
  });

  it('keeps no stale acceptance: every accepted entry is still reported', () => {
    const stale = acceptedFindings().filter((a) => !findings.some((f) => f.check === a.check && f.file === a.file));
    expect(stale).toEqual([]);
  });
});
