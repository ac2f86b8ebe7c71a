import type { DiffGroup, PlanDocument } from '../../shared/plan/plan-document.js';
import { describeSteps } from '../../shared/plan/steps.js';
import { semanticOf } from './plan-view.js';
import { SemanticChanges } from './SemanticChanges.js';
import { UnifiedDiff } from './UnifiedDiff.js';

const KIND_TEXT = { edit: 'edited', copy: 'copied from the reference', 'set-aside': 'set aside' } as const;

/** One group of instances with identical changes: who is in it, then each file's unified and semantic diff, shown once. */
export function DiffGroupView({ plan, group, index }: { readonly plan: PlanDocument; readonly group: DiffGroup; readonly index: number }) {
  return (
    <section className="panel diff-group" data-testid={`plan-group-${index}`}>
      <h3 className="group-title">
        Group {index + 1}: {group.instances.length} instance(s) <span className="muted">— {group.instances.join(', ')}</span>
      </h3>
      {group.changes.map((change) => (
        <div key={`${change.relativePath}|${change.kind}`} className="change">
          <div className="change-head">
            <code>{change.relativePath}</code> {KIND_TEXT[change.kind]}
            {change.newRelativePath !== undefined && (
              <>
                {' '}
                to <code>{change.newRelativePath}</code>
              </>
            )}
            <span className="badge">requirements {describeSteps(change.requirements)}</span>
            {change.restart && <span className="badge badge-warn">service restart</span>}
          </div>
          {change.sensitive !== undefined ? (
            // A certificate or key is never rendered: size, digest and certificate facts only.
            <p className="small" data-testid="sensitive-summary">
              Sensitive file, contents not shown: {change.diffBody.trim()}
            </p>
          ) : change.diffBody.trim() === '' ? (
            <p className="small muted">No text diff (binary or byte-identical content).</p>
          ) : (
            <UnifiedDiff diff={change.diffBody} />
          )}
          <SemanticChanges changes={semanticOf(plan, group, change)} />
        </div>
      ))}
    </section>
  );
}
