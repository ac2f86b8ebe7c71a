import type { ValidationIssue } from '../../shared/project/issues.js';
import { useAppStore } from '../store/store-context.js';

/** What is wrong with the draft, live, and what the engine refused on the last open or save. */
export function IssuesPanel() {
  const hasDraft = useAppStore((state) => state.draft !== undefined);
  const issues = useAppStore((state) => state.issues);
  const engineIssues = useAppStore((state) => state.engineIssues);
  if (!hasDraft && engineIssues.length === 0) return null;
  return (
    <aside className="issues" data-testid="validation-issues" aria-live="polite">
      {hasDraft &&
        (issues.length === 0 ? (
          <p className="issues-ok">The project is valid.</p>
        ) : (
          <IssueList title={issues.length === 1 ? '1 problem' : `${issues.length} problems`} issues={issues} />
        ))}
      {engineIssues.length > 0 && <IssueList title="Reported by the engine" issues={engineIssues} />}
    </aside>
  );
}

function IssueList({ title, issues }: { readonly title: string; readonly issues: readonly ValidationIssue[] }) {
  return (
    <>
      <h2 className="issues-title">{title}</h2>
      <ul className="issue-list">
        {issues.map((issue, index) => (
          <li key={index}>
            <code className="issue-path">{issue.path}</code>: {issue.message}
          </li>
        ))}
      </ul>
    </>
  );
}
