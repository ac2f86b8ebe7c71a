// PowerShell's default output formatting, simplified: strings as they are, known objects as tables
// (consecutive objects of one view share a table), anything else as a `Name : Value` list.
import type { PsValue } from './values.js';
import { PsObject, PsTypeRef, enumerate, toText } from './values.js';

/** A table column of a view. */
export interface Column {
  readonly header: string;
  readonly right?: boolean;
  readonly value: (object: PsObject) => string;
}

/** How objects of one kind print as a table; `group` gives a heading such as `Directory: C:\x`. */
export interface TableView {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly group?: (object: PsObject) => string;
}

const views = new WeakMap<PsObject, TableView>();

/** Attaches a table view to an object. */
export function withView<T extends PsObject>(object: T, view: TableView): T {
  views.set(object, view);
  return object;
}

function table(view: TableView, rows: PsObject[]): string[] {
  const cells = rows.map((row) => view.columns.map((column) => column.value(row)));
  const widths = view.columns.map((column, i) => Math.max(column.header.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (values: string[]): string =>
    values
      .map((value, i) => {
        const last = i === values.length - 1;
        const width = widths[i] ?? 0;
        return view.columns[i]?.right ? value.padStart(width) : last ? value : value.padEnd(width);
      })
      .join(' ')
      .trimEnd();
  return [
    line(view.columns.map((column) => column.header)),
    line(view.columns.map((column) => '-'.repeat(column.header.length))),
    ...cells.map(line),
  ];
}

function list(object: PsObject): string[] {
  const names = object.propertyNames();
  const width = Math.max(0, ...names.map((name) => name.length));
  return names.map((name) => `${name.padEnd(width)} : ${toText(object.get(name))}`);
}

/** Formats the output of one statement into console lines. */
export function formatOutput(values: readonly PsValue[]): string[] {
  const lines: string[] = [];
  const items = values.flatMap((value) => enumerate(value));
  for (let i = 0; i < items.length;) {
    const item = items[i] ?? null;
    const view = item instanceof PsObject ? views.get(item) : undefined;
    if (item instanceof PsObject && view) {
      const rows: PsObject[] = [];
      const group = view.group?.(item);
      while (i < items.length) {
        const next = items[i];
        if (!(next instanceof PsObject) || views.get(next)?.name !== view.name || view.group?.(next) !== group) break;
        rows.push(next);
        i += 1;
      }
      if (group !== undefined) lines.push('', `    ${group}`, '');
      lines.push('', ...table(view, rows), '', '');
      continue;
    }
    i += 1;
    if (item instanceof PsObject) lines.push(...(item.display ? item.display() : ['', ...list(item), '', '']));
    else if (item instanceof PsTypeRef)
      lines.push(
        '',
        `IsPublic IsSerial Name`,
        `-------- -------- ----`,
        `True     False    ${item.fullName.split('.').pop() ?? ''}`,
        '',
        '',
      );
    // Strings go out unchanged (an LF inside stays LF); only the line end after each item is CRLF.
    else if (item !== null) lines.push(toText(item));
  }
  return lines;
}
