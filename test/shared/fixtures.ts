import type { ProjectInput } from '../../shared/project/schema.js';

/** A valid three-instance project as a person would write it; tests copy and break it. */
export function validProjectInput(): ProjectInput {
  return {
    schemaVersion: 1,
    name: 'Bank cluster',
    instances: [
      { name: 'ct1', host: '10.0.0.1', os: 'linux', user: 'admin', auth: { method: 'agent' }, privilege: 'sudo' },
      {
        name: 'ct2',
        host: '10.0.0.2',
        port: 2222,
        os: 'linux',
        user: 'admin',
        auth: { method: 'key', keyPath: '/home/e/.ssh/id' },
        privilege: 'root',
      },
      {
        name: 'ct3',
        host: 'ct3.example',
        port: 22,
        os: 'windows',
        user: 'Administrator',
        auth: { method: 'password' },
        privilege: 'administrator',
      },
    ],
    referenceInstance: 'ct1',
  };
}
