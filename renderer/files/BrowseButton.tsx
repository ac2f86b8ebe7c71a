import type { BrowseRequest } from './browse-request.js';
import { useAppStore } from '../store/store-context.js';

/** A "Browse…" button beside a path field: asks for a path and hands it to `onChosen` (nothing on Cancel). */
export function BrowseButton({
  request,
  onChosen,
  disabled,
  testId,
  label = 'Browse…',
}: {
  readonly request: BrowseRequest;
  readonly onChosen: (path: string) => void;
  readonly disabled?: boolean;
  readonly testId?: string;
  readonly label?: string;
}) {
  const browse = useAppStore((state) => state.browse);
  return (
    <button
      type="button"
      data-testid={testId}
      disabled={disabled}
      aria-label={`${label.replace(/…$/, '')}: ${request.title}`}
      onClick={() => {
        void browse(request).then((path) => {
          if (path !== undefined) onChosen(path);
        });
      }}
    >
      {label}
    </button>
  );
}
