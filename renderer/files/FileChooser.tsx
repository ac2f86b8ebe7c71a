import { useEffect, useRef, useState } from 'react';
import { useDialogFocus } from '../prompts/use-dialog-focus.js';
import type { BrowseRequest, FolderListing, ListFolder } from './browse-request.js';
import { fileNameProblem, folderOf, joinPath } from './browse-request.js';
import './files.css';

/**
 * The browser wizard's file and folder chooser: a modal dialog over the engine's folders (home and the
 * temporary folder only), with the roots, the way up, the folder's entries and, when saving, a name.
 */
export function FileChooser({
  request,
  list,
  onChoose,
  onCancel,
}: {
  readonly request: BrowseRequest;
  readonly list: ListFolder;
  readonly onChoose: (path: string) => void;
  readonly onCancel: () => void;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  useDialogFocus(dialog, request.title, onCancel);
  const [listing, setListing] = useState<FolderListing | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [name, setName] = useState(request.defaultName ?? '');
  const [showHidden, setShowHidden] = useState(false);

  const go = (path: string | undefined): void => {
    setError(undefined);
    setSelected(undefined);
    list({
      ...(path === undefined ? {} : { path }),
      kind: request.mode === 'folder' ? 'folder' : 'file',
      suffixes: [...(request.suffixes ?? [])],
      showHidden,
    })
      .then(setListing)
      .catch((reason: unknown) => {
        setError(reason instanceof Error ? reason.message : String(reason));
        // The start folder may not exist (a typed path): fall back to the home folder once.
        if (path !== undefined && listing === undefined && path === folderOf(request.startAt)) go(undefined);
      });
  };
  // Listed again only when the hidden switch changes (and once on opening).
  useEffect(() => go(listing?.path ?? folderOf(request.startAt)), [showHidden]);

  const nameProblem = request.mode === 'save' ? fileNameProblem(name) : undefined;
  const chosen =
    listing === undefined
      ? undefined
      : request.mode === 'folder'
        ? listing.path
        : request.mode === 'save'
          ? nameProblem === undefined
            ? joinPath(listing.path, name.trim())
            : undefined
          : selected;
  const chooseLabel = request.mode === 'folder' ? 'Choose this folder' : request.mode === 'save' ? 'Save here' : 'Open';

  return (
    <div className="overlay">
      <div
        className="dialog file-chooser"
        role="dialog"
        aria-modal="true"
        aria-labelledby="file-chooser-title"
        data-testid="file-chooser"
        ref={dialog}
        tabIndex={-1}
      >
        <h2 id="file-chooser-title">{request.title}</h2>
        <p className="muted small">Folders on the machine running the engine (your home folder and the temporary folder).</p>
        <div className="file-chooser-bar">
          {listing?.roots.map((root) => (
            <button key={root.path} type="button" onClick={() => go(root.path)}>
              {root.label}
            </button>
          ))}
          <button type="button" disabled={listing?.parent === undefined} onClick={() => go(listing?.parent)} aria-label="Up one folder">
            Up
          </button>
          <label className="file-chooser-hidden">
            <input type="checkbox" checked={showHidden} onChange={(event) => setShowHidden(event.target.checked)} /> Hidden files
          </label>
        </div>
        <p className="file-chooser-path" data-testid="file-chooser-path" aria-live="polite">
          {listing?.path ?? 'Loading…'}
        </p>
        {error === undefined ? null : (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <ul className="file-chooser-list" aria-label={`Contents of ${listing?.path ?? 'the folder'}`} data-testid="file-chooser-list">
          {listing?.entries.length === 0 ? (
            <li className="muted small">Nothing here{request.suffixes?.length ? ` ending in ${request.suffixes.join(', ')}` : ''}.</li>
          ) : null}
          {listing?.entries.map((entry) => (
            <li key={entry.path}>
              <button
                type="button"
                className={`file-entry file-entry-${entry.kind}${selected === entry.path ? ' selected' : ''}`}
                aria-pressed={entry.kind === 'file' ? selected === entry.path : undefined}
                onClick={() => {
                  if (entry.kind === 'folder') go(entry.path);
                  else if (request.mode === 'save') setName(entry.name);
                  else setSelected(entry.path);
                }}
                onDoubleClick={() => {
                  if (entry.kind === 'file' && request.mode === 'open') onChoose(entry.path);
                }}
              >
                <span aria-hidden="true">{entry.kind === 'folder' ? '▸ ' : ''}</span>
                {entry.name}
                {entry.kind === 'folder' ? <span className="sr-only"> (folder)</span> : null}
              </button>
            </li>
          ))}
        </ul>
        {listing?.truncated ? <p className="muted small">Only the first {listing.entries.length} entries are shown.</p> : null}
        {request.mode === 'save' ? (
          <label className="file-chooser-name">
            <span className="field-label">File name</span>
            <input
              value={name}
              spellCheck={false}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={nameProblem !== undefined}
            />
            {nameProblem === undefined ? null : <span className="field-error">{nameProblem}</span>}
            {nameProblem === undefined && listing?.entries.some((entry) => entry.kind === 'file' && entry.name === name.trim()) ? (
              <span className="field-warning" data-testid="file-chooser-replaces">
                A file of that name is already here: saving replaces it.
              </span>
            ) : null}
          </label>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            data-testid="file-chooser-choose"
            disabled={chosen === undefined}
            onClick={() => {
              if (chosen !== undefined) onChoose(chosen);
            }}
          >
            {chooseLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
