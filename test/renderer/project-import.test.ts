import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { validateProject } from '../../shared/project/parse.js';
import type { ImportLogin } from '../../renderer/project/import-plan.js';
import { defaultImportLogin, loginIssues, planImport } from '../../renderer/project/import-plan.js';
import { ClusterFields } from '../../renderer/project/ClusterFields.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { newDraft } from '../../renderer/store/project-draft.js';
import { fakeApi, sampleProject } from './fake-api.js';
import { elementByTestId, renderWithState } from './static-render.js';

// The import from kl_balancer.conf (issue 13 item 5) without React: the preview's rows, the merge into
// a draft, the conflicts named, and the login given once applied to every added instance.
const login: ImportLogin = {
  os: 'linux',
  user: 'ctadmin',
  auth: { method: 'key', keyPath: '/home/e/.ssh/id_ed25519' },
  privilege: 'sudo',
  port: 2222,
};
const conf = [
  { host: '10.0.0.21', matchingPort: 9999 },
  { host: 'ct-b.example.com', matchingPort: 9998 },
];

describe('planImport: a new project', () => {
  it('adds one instance per Balancer host with the same login, the first as reference, and the result validates', () => {
    const plan = planImport(undefined, conf, login);
    expect(plan.added).toBe(2);
    expect(plan.rows.map((row) => [row.name, row.host, row.matchingPort, row.status])).toEqual([
      ['10.0.0.21', '10.0.0.21', 9999, 'add'],
      ['ct-b.example.com', 'ct-b.example.com', 9998, 'add'],
    ]);
    // The untouched first row of a new project is replaced, not kept as an empty instance.
    expect(plan.draft.instances.map((instance) => instance.host)).toEqual(['10.0.0.21', 'ct-b.example.com']);
    for (const instance of plan.draft.instances) {
      expect(instance).toMatchObject({ port: 2222, os: 'linux', user: 'ctadmin', privilege: 'sudo' });
      expect(instance.auth).toEqual({ method: 'key', keyPath: '/home/e/.ssh/id_ed25519' });
    }
    expect(plan.draft.referenceInstance).toBe('10.0.0.21');
    // Only the cluster name is left to the engineer.
    const checked = validateProject(plan.draft);
    expect(checked.ok ? [] : checked.issues.map((issue) => issue.path)).toEqual(['name']);
    expect(validateProject({ ...plan.draft, name: 'Customer' }).ok).toBe(true);
  });

  it('replaces the placeholder row of New project but keeps the name and REQ rule typed before', () => {
    const draft = { ...newDraft(), name: 'Customer', reqRuleName: 'REQ_ID' };
    const plan = planImport(draft, conf, login);
    expect(plan.draft.instances.map((instance) => instance.name)).toEqual(['10.0.0.21', 'ct-b.example.com']);
    expect(plan.draft).toMatchObject({ name: 'Customer', reqRuleName: 'REQ_ID', referenceInstance: '10.0.0.21' });
    expect(validateProject(plan.draft).ok).toBe(true);
  });
});

describe('planImport: into an existing draft', () => {
  it('leaves out a host the draft has (without case) and says which instance has it', () => {
    const draft = sampleProject(); // ct1 at 10.0.0.11, ct2 at 10.0.0.12
    const plan = planImport(draft, [{ host: '10.0.0.12', matchingPort: 9999 }, ...conf], login);
    expect(plan.rows[0]).toMatchObject({ status: 'duplicate', name: 'ct2', note: 'already in the project as ct2: not added' });
    expect(plan.added).toBe(2);
    expect(plan.draft.instances.map((instance) => instance.name)).toEqual(['ct1', 'ct2', '10.0.0.21', 'ct-b.example.com']);
    // What was there is untouched: its own login, the reference.
    expect(plan.draft.instances[1]).toEqual(draft.instances[1]);
    expect(plan.draft.referenceInstance).toBe('ct1');
    expect(validateProject(plan.draft).ok).toBe(true);
    expect(planImport(draft, [{ host: 'CT-B.example.com' }], login).rows[0]?.status).toBe('add');
    const upper = { ...draft, instances: [...draft.instances, { ...draft.instances[0]!, name: 'ct3', host: 'CT-B.EXAMPLE.COM' }] };
    expect(planImport(upper, [{ host: 'ct-b.example.com' }], login).rows[0]).toMatchObject({ status: 'duplicate', name: 'ct3' });
  });

  it('renames an instance whose name is taken by another host, and says by which', () => {
    const draft = sampleProject();
    const taken = { ...draft, instances: [...draft.instances, { ...draft.instances[0]!, name: '10.0.0.21', host: 'old-host' }] };
    const plan = planImport(taken, conf, login);
    expect(plan.rows[0]).toMatchObject({
      name: '10.0.0.21-2',
      status: 'renamed',
      note: 'the name 10.0.0.21 is taken by the instance at old-host',
    });
    expect(validateProject(plan.draft).ok).toBe(true);
  });

  it('adds a host listed twice once, and an Instance without host not at all', () => {
    const plan = planImport(sampleProject(), [{ host: '10.0.0.21' }, { host: '10.0.0.21 ' }, { host: '' }], login);
    expect(plan.rows.map((row) => row.status)).toEqual(['add', 'duplicate', 'invalid']);
    expect(plan.rows[1]?.note).toBe('listed twice in kl_balancer.conf: added once, as 10.0.0.21');
    expect(plan.added).toBe(1);
    expect(plan.draft.instances).toHaveLength(3);
  });

  it('gives a host that is no valid name a name of its letters and digits', () => {
    const plan = planImport(undefined, [{ host: '[fe80::1]' }, { host: '::' }], login);
    expect(plan.rows.map((row) => row.name)).toEqual(['fe80-1-', 'instance']);
  });
});

describe('loginIssues: the login asked once', () => {
  it('names each field that no imported instance could use', () => {
    expect(loginIssues(login)).toEqual({});
    expect(loginIssues(defaultImportLogin())).toEqual({
      user: 'expected the user name every imported instance is logged in as',
      keyPath: 'expected the private key path on the engine machine',
    });
    expect(loginIssues({ ...login, port: Number.NaN }).port).toBe('expected an SSH port 1-65535');
    expect(loginIssues({ ...login, port: 70000 }).port).toBe('expected an SSH port 1-65535');
    expect(loginIssues({ ...login, os: 'windows' }).privilege).toBe('expected "administrator" on Windows hosts');
    expect(loginIssues({ ...login, privilege: 'administrator' }).privilege).toBe('expected "root", "sudo" or "sudo-password" on Linux');
    expect(loginIssues({ ...login, auth: { method: 'password' } })).toEqual({});
  });
});

describe('project slice: the import', () => {
  it('reads a local kl_balancer.conf through balancer.read, changing nothing in the draft', async () => {
    const facts = {
      source: '/tmp/kl_balancer.conf',
      sha256: 'ab'.repeat(32),
      root: 'Settings',
      balancer: { address: '10.0.0.1', attributes: {} },
      instances: [{ host: '10.0.0.21', matchingPort: 9999, attributes: {} }],
      others: [],
      problems: ['Instance 2 has no matching_port'],
    };
    const { api } = fakeApi({ 'balancer.read': async () => ({ source: facts.source, facts, pinned: [], projectSaved: false }) });
    const store = createAppStore(api);
    const reading = await store.getState().readBalancerEntries('/tmp/kl_balancer.conf');
    expect(api['balancer.read']).toHaveBeenCalledWith({ file: '/tmp/kl_balancer.conf' });
    expect(reading).toEqual({
      ok: true,
      source: '/tmp/kl_balancer.conf',
      entries: [{ host: '10.0.0.21', matchingPort: 9999 }],
      problems: ['Instance 2 has no matching_port'],
      pinned: [],
    });
    expect(store.getState().draft).toBeUndefined();
  });

  it('says why a file could not be read', async () => {
    const { api } = fakeApi({
      'balancer.read': async () => ({ source: '/x', error: '/x is not a file', pinned: [], projectSaved: false }),
    });
    expect(await createAppStore(api).getState().readBalancerEntries('/x')).toEqual({ ok: false, error: '/x is not a file' });
  });

  it('applies an import into no project as a new, unsaved project and closes the panel', () => {
    const store = createAppStore(fakeApi().api);
    store.setState({ path: '/old/other.ctha.json', importOpen: true });
    const plan = planImport(undefined, conf, login);
    store.getState().applyImport(plan.draft, plan.added, '/tmp/kl_balancer.conf');
    const state = store.getState();
    expect(state.draft?.instances).toHaveLength(2);
    expect(state).toMatchObject({ path: '', dirty: true, importOpen: false });
    expect(state.issues.map((issue) => issue.path)).toEqual(['name']);
    expect(state.notice).toEqual({ kind: 'success', text: 'Added 2 instances from /tmp/kl_balancer.conf; save the project to keep them' });
  });

  it('reads from the Balancer host with the login given once and the draft keys, and pins the accepted key with the import', async () => {
    const pinnedKey = { host: '10.0.0.5', port: 22, type: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}` };
    const { api } = fakeApi({
      'balancer.import': async () => ({
        ok: true as const,
        path: '',
        source: 'balancer:/opt/kaspersky/ktfs/bin/kl_balancer.conf',
        listed: [{ host: '10.0.0.21', matchingPort: 9999 }],
        pinned: [pinnedKey],
        added: [],
        skipped: [],
        created: false,
        written: false,
        referenceInstance: '',
        problems: [],
      }),
    });
    const store = createAppStore(api);
    store.setState({ draft: sampleProject() });
    const reading = await store.getState().readBalancerHost({ host: '10.0.0.5' }, { ...login, user: ' ctadmin ' });
    expect(api['balancer.import']).toHaveBeenCalledWith({
      balancerHost: { host: '10.0.0.5' },
      settings: { os: 'linux', user: 'ctadmin', auth: login.auth, privilege: 'sudo', port: 2222 },
      hostKeys: [],
      readOnly: true,
    });
    if (!reading.ok) throw new Error(reading.error);
    expect(reading.entries).toEqual([{ host: '10.0.0.21', matchingPort: 9999 }]);
    const plan = planImport(store.getState().draft, reading.entries, login);
    store.getState().applyImport(plan.draft, plan.added, reading.source, reading.pinned);
    store.getState().applyImport(plan.draft, 0, reading.source, reading.pinned);
    expect(store.getState().draft?.hostKeys).toEqual([pinnedKey]);
    expect(store.getState().draft?.instances.map((instance) => instance.host)).toEqual(['10.0.0.11', '10.0.0.12', '10.0.0.21']);
  });

  it('says what the engine refused when reading from the Balancer host', async () => {
    const { api } = fakeApi({
      'balancer.import': async () => ({
        ok: false as const,
        error: 'the Balancer host could not be opened (connect): refused',
        issues: [],
      }),
    });
    expect(await createAppStore(api).getState().readBalancerHost({ host: 'b' }, login)).toEqual({
      ok: false,
      error: 'the Balancer host could not be opened (connect): refused',
    });
  });

  it('sets and removes where alerts go', () => {
    const store = createAppStore(fakeApi().api);
    store.setState({ draft: sampleProject() });
    store.getState().updateAlerts('balancer');
    expect(store.getState().draft?.alerts).toBe('balancer');
    store.getState().updateAlerts(undefined);
    expect(store.getState().draft && 'alerts' in store.getState().draft!).toBe(false);
  });
});

describe('ClusterFields: messages at the field', () => {
  it('shows the issue under the field it belongs to and names it as the field description', () => {
    const html = renderWithState(createElement(ClusterFields), {
      issues: [{ path: 'reqRuleName', message: 'expected a rule name of letters, digits and "_"' }],
    });
    expect(elementByTestId(html, 'req-rule')?.attributes['aria-describedby']).toBe('req-rule-issue');
    expect(elementByTestId(html, 'req-rule-issue')?.text).toBe('expected a rule name of letters, digits and "_"');
    expect(elementByTestId(html, 'project-name-issue')).toBeUndefined();
  });
});
