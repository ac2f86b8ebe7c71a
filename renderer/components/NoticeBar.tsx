import { useAppStore } from '../store/store-context.js';

/** The outcome of the last action ("Saved /path (N bytes)", or what went wrong), until dismissed. */
export function NoticeBar() {
  const notice = useAppStore((state) => state.notice);
  const dismiss = useAppStore((state) => state.dismissNotice);
  if (notice === undefined) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span data-testid="notice">{notice.text}</span>
      <button type="button" className="link" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
