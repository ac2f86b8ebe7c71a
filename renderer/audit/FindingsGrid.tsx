import type { AuditReport } from '../../shared/contract/ops/audit.js';
import { REQUIREMENT_IDS, REQUIREMENT_TITLES } from '../../shared/requirements/ids.js';
import { RestatedNote } from '../statements/RestatedNote.js';
import { useAppStore } from '../store/store-context.js';
import { stepLabel } from '../wizard/steps.js';
import { auditedInstances, findingAt, groupOf, labelledGroups, referenceOffTarget } from './audit-grid.js';
import { FindingCell } from './FindingCell.js';

/** Requirements down, instances across (reference marked), each cell a finding; the last column lists the groups of identical values. */
export function FindingsGrid({ report }: { readonly report: AuditReport }) {
  const goTo = useAppStore((state) => state.goTo);
  const instances = auditedInstances(report);
  return (
    <>
      <RestatedNote />
      <div className="table-scroll">
        <table className="grid findings-grid">
          <thead>
            <tr>
              <th scope="col">Requirement</th>
              {instances.map((name, index) => (
                <th
                  key={name}
                  scope="col"
                  data-testid={`audit-column-${index}`}
                  className={name === report.referenceInstance ? 'reference-column' : undefined}
                >
                  {name}
                  {name === report.referenceInstance && <span className="badge">reference</span>}
                </th>
              ))}
              <th scope="col">Groups of identical values</th>
            </tr>
          </thead>
          <tbody>
            {REQUIREMENT_IDS.map((requirement) => {
              const groups = labelledGroups(report, requirement);
              const offTarget = referenceOffTarget(report, requirement);
              return (
                <tr key={requirement}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => goTo(requirement)} title="Open this requirement's details">
                      {stepLabel(requirement)}
                    </button>
                    <div className="small muted">{REQUIREMENT_TITLES[requirement]}</div>
                    {offTarget !== undefined && <div className="small warn-text">Reference off the documented value: {offTarget}</div>}
                  </th>
                  {instances.map((name, index) => (
                    <FindingCell
                      key={name}
                      finding={findingAt(report, requirement, name)}
                      group={groupOf(groups, name)}
                      reference={name === report.referenceInstance}
                      testId={`audit-cell-${requirement}-${index}`}
                    />
                  ))}
                  <td className="small" data-testid={`audit-groups-${requirement}`}>
                    {groups.length === 0
                      ? '—'
                      : groups.map((group) => (
                          <div key={group.label}>
                            <strong>{group.label}</strong>
                            {group.key === 'unknown' ? ' (not read)' : ''}: {group.instances.join(', ')}
                          </div>
                        ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
