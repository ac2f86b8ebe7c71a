// What one requirement's fixer proposes before the planner merges proposals into FileChanges.
import type { RequirementId } from '../../../shared/requirements/ids.js';
import type { Observation } from '../../../shared/requirements/observation.js';
import type { InstanceConfig, InstanceFiles, ObserveContext } from '../model/types.js';
import type { XmlEdit } from '../xml/types.js';

/** The two configuration files a fix may edit, by their InstanceFiles key. */
export type ConfFileKey = 'serviceConf' | 'feedUtilConf';

/** Edits to one configuration file, and the element paths (XmlElement.path) the semantic diff may touch. */
export interface ConfEdits {
  readonly file: ConfFileKey;
  readonly edits: readonly XmlEdit[];
  readonly allowedPaths: readonly string[];
}

/** A whole-file operation: a file copied from the reference, or an extra file renamed out of CyberTrace's way. */
export type FileOp =
  | {
      readonly kind: 'copy';
      readonly path: string;
      /** The bytes being replaced (for the diff); undefined for a new file. */
      readonly before: { readonly sha256: string; readonly bytes: Uint8Array } | undefined;
      readonly bytes: Uint8Array;
      /** The reference's path it comes from. */
      readonly from: string;
    }
  | { readonly kind: 'set-aside'; readonly path: string; readonly newPath: string; readonly sha256: string; readonly bytes: Uint8Array };

/** A requirement's proposal: edits and file operations, or why it cannot be fixed automatically. */
export type RequirementFix =
  | { readonly ok: true; readonly confEdits: readonly ConfEdits[]; readonly fileOps: readonly FileOp[] }
  | { readonly ok: false; readonly reason: string };

/** One side of a fix (the instance or the reference): its files, model and observations. */
export interface FixSide {
  readonly files: InstanceFiles;
  readonly config: InstanceConfig;
  readonly observations: Readonly<Record<RequirementId, Observation>>;
}

/** Everything a fixer reads. */
export interface FixInput {
  readonly instance: FixSide;
  readonly reference: FixSide;
  readonly ctx: ObserveContext;
}

/** Computes one requirement's fix for a drifted instance. */
export type Fixer = (input: FixInput) => RequirementFix;

/** A refusal. */
export function refuse(reason: string): RequirementFix {
  return { ok: false, reason };
}

/** A proposal made of configuration edits only (empty edit lists are dropped). */
export function editsOnly(...confEdits: readonly ConfEdits[]): RequirementFix {
  return { ok: true, confEdits: confEdits.filter((entry) => entry.edits.length > 0), fileOps: [] };
}
