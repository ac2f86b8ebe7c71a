import { z } from 'zod';
import { ProjectSchema } from './schema.js';

/** Where the published JSON Schema of project files lives in the repository. */
export const PROJECT_JSON_SCHEMA_PATH = 'docs/ctha.schema.json';

/**
 * The JSON Schema of `*.ctha.json` files, generated from the zod schema so the two cannot drift.
 * Cross-field rules (unique names, reference instance, privilege per OS) are checked by the tool only.
 */
export function projectJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ProjectSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return {
    ...generated,
    $id: 'https://cybertrace-ha-wizard.invalid/ctha.schema.json',
    title: 'CyberTrace HA Commissioning Wizard project (*.ctha.json)',
    description:
      'One CyberTrace HA cluster: instances, reference instance, REQ rule name, Balancer, pinned host keys, waivers and attestations. Never holds a password or passphrase.',
  };
}
