import type { RequirementId } from '../../../shared/requirements/ids.js';
import type { FileChange } from '../model/types.js';
import { unifiedDiff } from '../xml/index.js';
import type { SemanticChange } from '../xml/types.js';
import { sha256 } from './apply-to-files.js';
import type { FileOp } from './types.js';

/** A FileChange for a whole-file operation (restart as the requirement needs: keys yes, the certificate no). */
export function fileOpChange(op: FileOp, requirement: RequirementId, restart: boolean): FileChange {
  if (op.kind === 'set-aside') {
    return {
      path: op.path,
      requirements: [requirement],
      kind: 'set-aside',
      beforeSha256: op.sha256,
      afterBytes: op.bytes,
      afterSha256: op.sha256,
      newPath: op.newPath,
      restart,
      unifiedDiff: `rename ${op.path}\n    to ${op.newPath}\n(unchanged, SHA-256 ${op.sha256}; CyberTrace reads *.key only)\n`,
      semanticChanges: [{ path: op.path, kind: 'removed', before: op.sha256 }],
    };
  }
  const afterSha256 = sha256(op.bytes);
  const semanticChanges: SemanticChange[] = [
    op.before === undefined
      ? { path: op.path, kind: 'added', after: afterSha256 }
      : { path: op.path, kind: 'changed', before: op.before.sha256, after: afterSha256 },
  ];
  return {
    path: op.path,
    requirements: [requirement],
    kind: 'copy',
    beforeSha256: op.before?.sha256,
    afterBytes: op.bytes,
    afterSha256,
    restart,
    unifiedDiff: copyDiff(op),
    semanticChanges,
  };
}

// A text file (a PEM) is shown as a diff; a binary file (a key) is described by its digest.
function copyDiff(op: Extract<FileOp, { kind: 'copy' }>): string {
  const header = `copy ${op.from} (reference)\n  to ${op.path}${op.before === undefined ? ' (new file)' : ` (replacing SHA-256 ${op.before.sha256})`}\n`;
  const after = utf8Text(op.bytes);
  const before = op.before === undefined ? '' : utf8Text(op.before.bytes);
  if (after === undefined || before === undefined)
    return `${header}binary file, SHA-256 ${sha256(op.bytes)}, ${String(op.bytes.length)} bytes\n`;
  return header + unifiedDiff(op.path, before, after);
}

function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /[\0-\x08\x0e-\x1f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}
