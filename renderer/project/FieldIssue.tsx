import './project.css';

/** The validation message of one field, shown under it (not only on hover); `id` is what the field's aria-describedby names. */
export function FieldIssue({ id, message }: { readonly id: string; readonly message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <span id={id} className="field-issue" data-testid={id}>
      {message}
    </span>
  );
}
