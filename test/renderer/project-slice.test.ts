import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/errors.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { fakeApi, sampleProject } from './fake-api.js';

const opened = { path: '/srv/clusters/customer.ctha.json', project: sampleProject(), sha256: 'ab'.repeat(32) };

describe('project slice: open', () => {
  it('sets the draft and the absolute path, clean and valid', async () => {
    const { api } = fakeApi({ 'project.open': async () => opened });
    const store = createAppStore(api);
    store.getState().setPath('customer.ctha.json');
    await store.getState().open();
    const state = store.getState();
    expect(api['project.open']).toHaveBeenCalledWith({ path: 'customer.ctha.json' });
    expect(state.draft).toEqual(sampleProject());
    expect(state.path).toBe('/srv/clusters/customer.ctha.json');
    expect(state.dirty).toBe(false);
    expect(state.issues).toEqual([]);
    expect(state.status).toBe('idle');
    expect(state.notice).toEqual({ kind: 'success', text: 'Opened /srv/clusters/customer.ctha.json' });
  });

  it('surfaces the issues of an invalid file and keeps the current draft', async () => {
    const issues = [{ path: 'instances[1].port', message: 'expected 1-65535' }];
    const { api } = fakeApi({
      'project.open': async () => {
        throw new ApiError({ code: 'invalid-project', message: '/srv/bad.ctha.json is not a valid project file', issues });
      },
    });
    const store = createAppStore(api);
    store.getState().newProject();
    const before = store.getState().draft;
    await store.getState().open('/srv/bad.ctha.json');
    const state = store.getState();
    expect(state.engineIssues).toEqual(issues);
    expect(state.notice).toEqual({ kind: 'error', text: '/srv/bad.ctha.json is not a valid project file' });
    expect(state.draft).toBe(before);
    expect(state.path).toBe('/srv/bad.ctha.json');
    expect(state.status).toBe('idle');
  });

  it('reports a missing file without issues', async () => {
    const { api } = fakeApi({
      'project.open': async () => {
        throw new ApiError({ code: 'not-found', message: 'no such file: /srv/none.ctha.json' });
      },
    });
    const store = createAppStore(api);
    await store.getState().open('/srv/none.ctha.json');
    expect(store.getState().engineIssues).toEqual([]);
    expect(store.getState().notice?.text).toBe('no such file: /srv/none.ctha.json');
  });
});

describe('project slice: save', () => {
  it('never calls the api for an invalid draft', async () => {
    const { api } = fakeApi();
    const store = createAppStore(api);
    store.getState().newProject();
    store.getState().setPath('/srv/new.ctha.json');
    await store.getState().save();
    expect(api['project.save']).not.toHaveBeenCalled();
    // An empty host breaks two schema rules (non-empty, no spaces), so paths are compared as a set.
    expect(new Set(store.getState().issues.map((issue) => issue.path))).toEqual(
      new Set(['name', 'instances[0].host', 'instances[0].user']),
    );
    expect(store.getState().notice).toEqual({ kind: 'error', text: `Not saved: fix ${store.getState().issues.length} issues first` });
    expect(store.getState().dirty).toBe(true);
  });

  it('saves a valid draft, clears dirty and says where and how much', async () => {
    const { api } = fakeApi({
      'project.open': async () => opened,
      'project.save': async ({ path }) => ({ path, sha256: 'cd'.repeat(32), bytes: 512 }),
    });
    const store = createAppStore(api);
    await store.getState().open(opened.path);
    store.getState().updateName('Renamed cluster');
    expect(store.getState().dirty).toBe(true);
    await store.getState().save();
    expect(api['project.save']).toHaveBeenCalledWith({ path: opened.path, project: { ...sampleProject(), name: 'Renamed cluster' } });
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().notice).toEqual({ kind: 'success', text: `Saved ${opened.path} (512 bytes)` });
  });

  it('keeps the draft dirty and shows the engine message when the save is refused', async () => {
    const { api } = fakeApi({
      'project.open': async () => opened,
      'project.save': async () => {
        throw new ApiError({ code: 'invalid-input', message: 'project files are named *.ctha.json; got /srv/x.json' });
      },
    });
    const store = createAppStore(api);
    await store.getState().open(opened.path);
    store.getState().setPath('/srv/x.json');
    store.getState().updateReqRule('REQ_ID');
    await store.getState().save();
    expect(store.getState().dirty).toBe(true);
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'project files are named *.ctha.json; got /srv/x.json' });
  });
});

describe('project slice: instances', () => {
  it('addInstance appends a default row and keeps the reference', () => {
    const store = createAppStore(fakeApi().api);
    store.getState().newProject();
    store.getState().addInstance();
    const draft = store.getState().draft;
    expect(draft?.instances.map((instance) => instance.name)).toEqual(['instance-1', 'instance-2']);
    expect(draft?.instances[1]).toEqual({
      name: 'instance-2',
      host: '',
      port: 22,
      os: 'linux',
      user: '',
      auth: { method: 'password' },
      privilege: 'sudo-password',
    });
    expect(draft?.referenceInstance).toBe('instance-1');
  });

  it('removing the reference hands it to the first remaining instance', () => {
    const store = createAppStore(fakeApi().api);
    store.getState().newProject();
    store.getState().addInstance();
    store.getState().addInstance();
    store.getState().removeInstance(0);
    expect(store.getState().draft?.referenceInstance).toBe('instance-2');
    store.getState().setReference('instance-3');
    store.getState().removeInstance(0);
    expect(store.getState().draft?.referenceInstance).toBe('instance-3');
  });

  it('removing the last instance leaves no reference and a validation issue; adding one restores it', () => {
    const store = createAppStore(fakeApi().api);
    store.getState().newProject();
    store.getState().removeInstance(0);
    expect(store.getState().draft?.referenceInstance).toBe('');
    expect(store.getState().issues).toContainEqual({ path: 'instances', message: 'expected at least one instance' });
    store.getState().addInstance();
    expect(store.getState().draft?.referenceInstance).toBe('instance-1');
  });

  it('renaming the reference instance renames the reference', () => {
    const store = createAppStore(fakeApi().api);
    store.getState().newProject();
    store.getState().updateInstance(0, { name: 'ct-a' });
    expect(store.getState().draft?.referenceInstance).toBe('ct-a');
  });

  it('edits before any project is open are ignored', () => {
    const store = createAppStore(fakeApi().api);
    store.getState().addInstance();
    store.getState().updateName('x');
    expect(store.getState().draft).toBeUndefined();
    expect(store.getState().dirty).toBe(false);
  });
});
