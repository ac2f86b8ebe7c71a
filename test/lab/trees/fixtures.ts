import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  LINUX_SERVICE_DIR,
  WINDOWS_SERVICE_DIR,
  serviceControlFor,
  type LabBalancer,
  type LabInstance,
  type LabOs,
  type LabVersion,
} from '../../../lab/spec.js';

/** The Balancer every test tree points at. */
export const BALANCER: LabBalancer = { address: '127.0.0.10', matchingPort: 9999, apiPort: 8443, cybertracePort: 9998 };

/** A lab instance whose files live under `rootDir`. */
export function labInstance(os: LabOs, version: LabVersion, rootDir: string, extra: Partial<LabInstance> = {}): LabInstance {
  return {
    name: 'ct1',
    os,
    version,
    backend: 'emulated',
    address: '127.0.0.11',
    sshPort: 2201,
    inputPort: 9999,
    serviceDir: os === 'linux' ? LINUX_SERVICE_DIR : WINDOWS_SERVICE_DIR,
    rootDir,
    stateDir: join(rootDir, '..', 'state'),
    serviceControl: serviceControlFor(os, version),
    drift: [],
    faults: [],
    ...extra,
  };
}

/** Every version on every OS. */
export const MATRIX = (['4.1', '4.4', '5.1'] as const).flatMap((version) => (['linux', 'windows'] as const).map((os) => ({ version, os })));

/** Parses XML bytes after checking they are well-formed; attributes as `@name`, values as strings. */
export function parseXml(bytes: Uint8Array): Record<string, unknown> {
  const text = Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, ignoreDeclaration: true });
  return parser.parse(text) as Record<string, unknown>;
}

/** The one root element's name and content; throws unless there is exactly one. */
export function root(document: Record<string, unknown>): [string, unknown] {
  const roots = Object.entries(document);
  if (roots.length !== 1 || !roots[0]) throw new Error(`expected one root element, got ${roots.map(([name]) => name).join(', ')}`);
  return roots[0];
}

/** A parsed document as `dotted.path -> text` for every leaf (array items by index). */
export function flatten(value: unknown, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>();
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      for (const [path, text] of flatten(child, prefix ? `${prefix}.${key}` : key)) leaves.set(path, text);
    }
  } else {
    leaves.set(prefix, String(value));
  }
  return leaves;
}

/** The leaves that differ between two flattened documents, as `path -> [before, after]`. */
export function leafDiff(
  before: Map<string, string>,
  after: Map<string, string>,
): Record<string, [string | undefined, string | undefined]> {
  const diff: Record<string, [string | undefined, string | undefined]> = {};
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(path) !== after.get(path)) diff[path] = [before.get(path), after.get(path)];
  }
  return diff;
}

/** Every file under a folder, by path relative to it, with its bytes. */
export async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path));
  }
  return files;
}
