import type { PlannedChange } from '../../shared/plan/plan-document.js';

const KIND_LABELS: Readonly<Record<PlannedChange['semanticChanges'][number]['kind'], string>> = {
  added: 'ADDED',
  removed: 'REMOVED',
  changed: 'CHANGED',
};

/** The semantic diff: which element paths change and from what to what, independent of formatting. */
export function SemanticChanges({ changes }: { readonly changes: PlannedChange['semanticChanges'] }) {
  if (changes.length === 0) return <p className="small muted">No semantic difference listed (a file copied byte for byte or set aside).</p>;
  return (
    <table className="grid semantic">
      <thead>
        <tr>
          <th scope="col">Element</th>
          <th scope="col">Change</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change, index) => (
          <tr key={index}>
            <td>
              <code>{change.path}</code>
            </td>
            <td>
              <span className={`status semantic-${change.kind}`}>{KIND_LABELS[change.kind]}</span>
            </td>
            <td>
              <code className="value-inline">{change.before ?? '—'}</code>
            </td>
            <td>
              <code className="value-inline">{change.after ?? '—'}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
