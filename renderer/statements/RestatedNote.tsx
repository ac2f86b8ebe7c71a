import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store-context.js';
import './statements.css';

/** Says, while it is true, that the audit on screen was decided again from the project's statements without reading the hosts. */
export function RestatedNote() {
  const { restated, current } = useAppStore(
    useShallow((state) => ({
      restated: state.restatedAudit,
      current: state.restatedAudit !== undefined && state.restatedAudit.report === state.auditReport,
    })),
  );
  if (restated === undefined || !current) return null;
  return (
    <p className="small restated-note" role="status" data-testid="audit-restated">
      Statuses updated from the project&apos;s attestations and waivers at {restated.at.slice(11, 16)} UTC; not re-read from the hosts
      (values and files are the audit&apos;s).
    </p>
  );
}
