import { describe, expect, it } from 'vitest';
import { newDraft, uniqueInstanceName, updateInstance } from '../../renderer/store/project-draft.js';
import { sampleProject } from './fake-api.js';

describe('project draft helpers', () => {
  it('switching OS switches privilege to one the schema accepts', () => {
    const toWindows = updateInstance(newDraft(), 0, { os: 'windows' });
    expect(toWindows.instances[0]?.privilege).toBe('administrator');
    const back = updateInstance(toWindows, 0, { os: 'linux' });
    expect(back.instances[0]?.privilege).toBe('sudo-password');
    const rooted = updateInstance(newDraft(), 0, { privilege: 'root' });
    expect(updateInstance(rooted, 0, { os: 'linux' }).instances[0]?.privilege).toBe('root');
  });

  it('an empty service directory removes the field, so the engine detects it', () => {
    const set = updateInstance(newDraft(), 0, { serviceDir: '/opt/kaspersky/ktfs' });
    expect(set.instances[0]?.serviceDir).toBe('/opt/kaspersky/ktfs');
    const cleared = updateInstance(set, 0, { serviceDir: '' });
    expect(cleared.instances[0]).not.toHaveProperty('serviceDir');
  });

  it('a rename carries waivers and attestations along', () => {
    const project = {
      ...sampleProject(),
      attestations: [
        { requirement: 'req3' as const, instance: 'ct2', note: 'indicators checked', engineer: 'E', date: '2025-01-01T00:00:00Z' },
      ],
    };
    const renamed = updateInstance(project, 1, { name: 'ct-two' });
    expect(renamed.attestations[0]?.instance).toBe('ct-two');
    expect(renamed.referenceInstance).toBe('ct1');
  });

  it('a rename onto a duplicate name leaves the reference alone', () => {
    const draft = updateInstance(sampleProject(), 1, { name: 'ct1' });
    const renamedAway = updateInstance(draft, 0, { name: 'ct9' });
    expect(renamedAway.referenceInstance).toBe('ct1');
  });

  it('uniqueInstanceName skips names already taken', () => {
    expect(uniqueInstanceName([{ ...newDraft().instances[0]!, name: 'instance-2' }])).toBe('instance-3');
    expect(uniqueInstanceName([])).toBe('instance-1');
  });
});
