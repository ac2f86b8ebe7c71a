// Import from kl_balancer.conf into the draft: one row per Balancer `Instance`, the login the engineer gave once, the conflicts named.
import type { Auth, Instance } from '../../shared/project/schema.js';
import type { Draft, DraftInstance } from '../store/project-draft.js';
import { newDraft } from '../store/project-draft.js';
import { PRIVILEGES_BY_OS } from './options.js';
import { freeInstanceName, instanceNameFromHost } from '../../shared/project/instance-name.js';

/** What kl_balancer.conf says about one instance (REFERENCE 3.3): its host and its event port; nothing about logging in. */
export interface BalancerEntry {
  readonly host: string;
  readonly matchingPort?: number | undefined;
}

/** How every imported instance is logged in to, asked once: kl_balancer.conf names hosts only, so the engineer says the rest. */
export interface ImportLogin {
  readonly os: Instance['os'];
  readonly user: string;
  readonly auth: Auth;
  readonly privilege: Instance['privilege'];
  /** SSH port; NaN while the field is empty (reported, never replaced by a default). */
  readonly port: number;
}

/** A field of the login form. */
export type ImportLoginField = 'os' | 'user' | 'keyPath' | 'privilege' | 'port';

/** What an imported row becomes: added, added under another name than its host, or left out (and why). */
export type ImportRowStatus = 'add' | 'renamed' | 'duplicate' | 'invalid';

/** One line of the preview: what the Balancer lists and what the draft gets from it. */
export interface ImportRow {
  readonly name: string;
  readonly host: string;
  readonly matchingPort: number | undefined;
  readonly status: ImportRowStatus;
  /** Why a row is renamed or left out, in words the engineer can act on; empty for a plain add. */
  readonly note: string;
}

/** The preview and the draft it would produce; `added` counts the rows that add an instance. */
export interface ImportPlan {
  readonly rows: readonly ImportRow[];
  readonly draft: Draft;
  readonly added: number;
}

/** The login used when the engineer has not changed anything: SSH on 22, Linux, key authentication, sudo with password. */
export function defaultImportLogin(): ImportLogin {
  return { os: 'linux', user: '', auth: { method: 'key', keyPath: '' }, privilege: 'sudo-password', port: 22 };
}

/** The problems of a login, by field; empty when every imported instance could use it. */
export function loginIssues(login: ImportLogin): Partial<Record<ImportLoginField, string>> {
  const issues: Partial<Record<ImportLoginField, string>> = {};
  if (login.user.trim() === '') issues.user = 'expected the user name every imported instance is logged in as';
  if (login.auth.method === 'key' && login.auth.keyPath.trim() === '')
    issues.keyPath = 'expected the private key path on the engine machine';
  if (!Number.isInteger(login.port) || login.port < 1 || login.port > 65535) issues.port = 'expected an SSH port 1-65535';
  const allowed: readonly string[] = PRIVILEGES_BY_OS[login.os];
  if (!allowed.includes(login.privilege))
    issues.privilege =
      login.os === 'windows' ? 'expected "administrator" on Windows hosts' : 'expected "root", "sudo" or "sudo-password" on Linux';
  return issues;
}

/**
 * A draft that holds only the untouched row a new project starts with (no host, no user): the import
 * replaces it, since keeping an empty instance would make the imported project invalid.
 */
function isPlaceholder(draft: Draft): boolean {
  const [only, ...rest] = draft.instances;
  return rest.length === 0 && only !== undefined && only.host.trim() === '' && only.user.trim() === '';
}

/**
 * Plans the import of `entries` into `draft` (a new project when undefined) with `login` for every added
 * instance. A host already in the draft (compared without case) or listed twice is left out, and a name
 * already taken gets a suffix; each is said on its row. The reference stays unless the draft had no
 * real instance, then it is the first added one. The draft's other settings are kept as they are.
 */
export function planImport(draft: Draft | undefined, entries: readonly BalancerEntry[], login: ImportLogin): ImportPlan {
  const base = draft ?? newDraft();
  const placeholder = isPlaceholder(base);
  const kept: readonly DraftInstance[] = placeholder ? [] : base.instances;
  const hosts = new Map(kept.map((instance) => [instance.host.trim().toLowerCase(), instance.name]));
  const names = new Map(kept.map((instance) => [instance.name, instance.host]));
  const rows: ImportRow[] = [];
  const added: DraftInstance[] = [];
  for (const entry of entries) {
    const host = entry.host.trim();
    const row = { host, matchingPort: entry.matchingPort };
    if (host === '') {
      rows.push({ ...row, name: '', status: 'invalid', note: 'an Instance without a host: not added' });
      continue;
    }
    const owner = hosts.get(host.toLowerCase());
    if (owner !== undefined) {
      const imported = added.some((instance) => instance.name === owner);
      const note = imported ? `listed twice in kl_balancer.conf: added once, as ${owner}` : `already in the project as ${owner}: not added`;
      rows.push({ ...row, name: owner, status: 'duplicate', note });
      continue;
    }
    const wanted = instanceNameFromHost(host);
    const name = freeInstanceName(wanted, (taken) => names.has(taken));
    const status: ImportRowStatus = name === wanted ? 'add' : 'renamed';
    const note = status === 'renamed' ? `the name ${wanted} is taken by the instance at ${names.get(wanted) || '(no host)'}` : '';
    rows.push({ ...row, name, status, note });
    hosts.set(host.toLowerCase(), name);
    names.set(name, host);
    added.push({ name, host, port: login.port, os: login.os, user: login.user.trim(), auth: login.auth, privilege: login.privilege });
  }
  const instances = [...kept, ...added];
  const referenceKept = kept.some((instance) => instance.name === base.referenceInstance);
  const referenceInstance = referenceKept ? base.referenceInstance : (instances[0]?.name ?? '');
  return { rows, draft: { ...base, instances, referenceInstance }, added: added.length };
}
