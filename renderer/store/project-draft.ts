import type { Instance, Project } from '../../shared/project/schema.js';
import { DEFAULT_REQ_RULE, PROJECT_SCHEMA_VERSION } from '../../shared/project/schema.js';
import type { DeepReadonly } from './readonly.js';

/** The project being edited: project-shaped, but possibly invalid until validateProject says otherwise. */
export type Draft = DeepReadonly<Project>;
/** One instance row of the draft. */
export type DraftInstance = DeepReadonly<Instance>;
/** A change to one instance row; an empty serviceDir removes the field (detect it on the host). */
export type InstancePatch = Partial<DraftInstance>;

/** A new instance with the defaults most clusters use: SSH on 22, Linux, password auth, sudo with password. */
export function newInstance(name: string): DraftInstance {
  return { name, host: '', port: 22, os: 'linux', user: '', auth: { method: 'password' }, privilege: 'sudo-password' };
}

/** An empty project with one instance, which is also the reference. */
export function newDraft(): Draft {
  const first = newInstance('instance-1');
  return {
    schemaVersion: PROJECT_SCHEMA_VERSION,
    name: '',
    instances: [first],
    referenceInstance: first.name,
    reqRuleName: DEFAULT_REQ_RULE,
    hostKeys: [],
    waivers: [],
    attestations: [],
  };
}

/** The first `instance-N` name not yet taken. */
export function uniqueInstanceName(instances: readonly DraftInstance[]): string {
  const taken = new Set(instances.map((instance) => instance.name));
  let n = instances.length + 1;
  while (taken.has(`instance-${n}`)) n += 1;
  return `instance-${n}`;
}

/** Appends a default instance; it becomes the reference when the reference names no instance. */
export function addInstance(draft: Draft): Draft {
  const added = newInstance(uniqueInstanceName(draft.instances));
  const instances = [...draft.instances, added];
  const referenceValid = instances.some((instance) => instance.name === draft.referenceInstance);
  return { ...draft, instances, referenceInstance: referenceValid ? draft.referenceInstance : added.name };
}

/** Removes one instance; if it was the reference, the first remaining instance takes over. */
export function removeInstance(draft: Draft, index: number): Draft {
  const instances = draft.instances.filter((_, i) => i !== index);
  const referenceValid = instances.some((instance) => instance.name === draft.referenceInstance);
  return { ...draft, instances, referenceInstance: referenceValid ? draft.referenceInstance : (instances[0]?.name ?? '') };
}

/** Changes one instance; a rename carries the reference, waivers and attestations along with it. */
export function updateInstance(draft: Draft, index: number, patch: InstancePatch): Draft {
  const old = draft.instances[index];
  if (old === undefined) return draft;
  const instances = draft.instances.map((instance, i) => (i === index ? patchInstance(instance, patch) : instance));
  const renamed = patch.name !== undefined && patch.name !== old.name;
  // Only follow a rename when no other row still carries the old name (duplicates are a validation issue).
  if (!renamed || instances.some((instance) => instance.name === old.name)) return { ...draft, instances };
  const rename = <T extends { readonly instance: string }>(entry: T): T =>
    entry.instance === old.name ? { ...entry, instance: patch.name ?? old.name } : entry;
  return {
    ...draft,
    instances,
    referenceInstance: draft.referenceInstance === old.name ? (patch.name ?? old.name) : draft.referenceInstance,
    waivers: draft.waivers.map(rename),
    attestations: draft.attestations.map(rename),
  };
}

function patchInstance(instance: DraftInstance, patch: InstancePatch): DraftInstance {
  // Switching OS switches privilege with it: Windows has only "administrator", Linux never has it.
  const privilege = patch.privilege ?? (patch.os === undefined ? instance.privilege : privilegeFor(patch.os, instance.privilege));
  const { serviceDir, ...rest } = { ...instance, ...patch };
  return { ...rest, privilege, ...(serviceDir === undefined || serviceDir === '' ? {} : { serviceDir }) };
}

function privilegeFor(os: DraftInstance['os'], current: DraftInstance['privilege']): DraftInstance['privilege'] {
  if (os === 'windows') return 'administrator';
  return current === 'administrator' ? 'sudo-password' : current;
}
