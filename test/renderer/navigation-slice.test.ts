import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { fakeApi } from './fake-api.js';

describe('navigation slice', () => {
  const store = () => createAppStore(fakeApi().api);

  it('lists the steps in procedure order and starts at Project', () => {
    const state = store().getState();
    expect(state.steps).toEqual([
      'project',
      'prechecks',
      'audit',
      'req1',
      'req2',
      'req3',
      'req4',
      'req5',
      'req6',
      'req7',
      'req8',
      'alerts',
      'plan',
      'apply',
      'probe',
      'report',
    ]);
    expect(state.step).toBe('project');
  });

  it('next and back move one step', () => {
    const s = store();
    s.getState().next();
    expect(s.getState().step).toBe('prechecks');
    s.getState().next();
    expect(s.getState().step).toBe('audit');
    s.getState().next();
    expect(s.getState().step).toBe('req1');
    s.getState().back();
    expect(s.getState().step).toBe('audit');
  });

  it('back on the first step and next on the last step stay put', () => {
    const s = store();
    s.getState().back();
    expect(s.getState().step).toBe('project');
    s.getState().goTo('report');
    s.getState().next();
    expect(s.getState().step).toBe('report');
  });

  it('goTo jumps to any step, with or without a project', () => {
    const s = store();
    s.getState().goTo('req6');
    expect(s.getState().step).toBe('req6');
    s.getState().back();
    expect(s.getState().step).toBe('req5');
    expect(s.getState().draft).toBeUndefined();
  });

  it('moving to another step clears the notice of the last action', () => {
    const s = store();
    s.setState({ notice: { kind: 'error', text: 'no such file: /x.ctha.json' } });
    s.getState().next();
    expect(s.getState().notice).toBeUndefined();
  });
});
