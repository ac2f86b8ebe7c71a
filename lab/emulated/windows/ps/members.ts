// Instance members: properties of emulated objects, strings and arrays, and the string methods
// engines typically use. Unknown properties are $null; unknown methods fail as in PowerShell.
import { PsError } from './errors.js';
import type { PsValue } from './values.js';
import { PsObject, PsTypeRef, formatNumber, toText } from './values.js';

function typeNameOf(value: PsValue): string {
  if (typeof value === 'string') return 'System.String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'System.Int32' : 'System.Double';
  if (typeof value === 'boolean') return 'System.Boolean';
  if (Array.isArray(value)) return 'System.Object[]';
  if (value instanceof PsTypeRef) return 'System.RuntimeType';
  return value?.typeName ?? 'null';
}

/** `$x.Name`; on arrays, `Count`/`Length`, else member enumeration (each element's property). */
export function getMember(target: PsValue, name: string): PsValue {
  const key = name.toLowerCase();
  if (target === null) return null;
  if (Array.isArray(target)) {
    if (key === 'count' || key === 'length') return target.length;
    const values = target.map((item) => getMember(item, name)).filter((value) => value !== null);
    return values.length === 0 ? null : values.length === 1 ? (values[0] ?? null) : values;
  }
  if (typeof target === 'string') return key === 'length' ? target.length : null;
  if (target instanceof PsObject) return target.get(name);
  return null;
}

const STRING_METHODS: Record<string, (text: string, args: string[]) => PsValue> = {
  tostring: (text) => text,
  trim: (text, [chars]) => (chars === undefined ? text.trim() : trimChars(text, chars, true, true)),
  trimend: (text, [chars]) => (chars === undefined ? text.trimEnd() : trimChars(text, chars, false, true)),
  trimstart: (text, [chars]) => (chars === undefined ? text.trimStart() : trimChars(text, chars, true, false)),
  toupper: (text) => text.toUpperCase(),
  tolower: (text) => text.toLowerCase(),
  toupperinvariant: (text) => text.toUpperCase(),
  tolowerinvariant: (text) => text.toLowerCase(),
  contains: (text, [part = '']) => text.includes(part),
  startswith: (text, [part = '']) => text.startsWith(part),
  endswith: (text, [part = '']) => text.endsWith(part),
  replace: (text, [from = '', to = '']) => (from === '' ? text : text.split(from).join(to)),
  substring: (text, [start = '0', length]) => text.substr(Number(start), length === undefined ? undefined : Number(length)),
  indexof: (text, [part = '']) => text.indexOf(part),
  split: (text, [separators = ' ']) => text.split(new RegExp(`[${separators.replace(/[\]\\^-]/g, '\\$&')}]`)),
  equals: (text, [other = '']) => text === other,
};

function trimChars(text: string, chars: string, start: boolean, end: boolean): string {
  let from = 0;
  let to = text.length;
  while (start && from < to && chars.includes(text[from] ?? '')) from += 1;
  while (end && to > from && chars.includes(text[to - 1] ?? '')) to -= 1;
  return text.slice(from, to);
}

/** `$x.Method(args)` */
export function invokeMember(target: PsValue, name: string, args: readonly PsValue[]): PsValue {
  const key = name.toLowerCase();
  if (target === null)
    throw new PsError('You cannot call a method on a null-valued expression.', {
      category: 'InvalidOperation',
      errorId: 'InvokeMethodOnNull',
      exception: 'RuntimeException',
    });
  if (typeof target === 'string') {
    const method = STRING_METHODS[key];
    if (method) return method(target, args.map(toText));
  } else if (typeof target === 'number' && key === 'tostring') {
    return formatNumber(target);
  } else if (typeof target === 'boolean' && key === 'tostring') {
    return toText(target);
  } else if (target instanceof PsObject) {
    const method = target.method(name);
    if (method) return method(args);
  } else if (Array.isArray(target) && key === 'contains') {
    return target.some((item) => toText(item) === toText(args[0] ?? null));
  }
  throw new PsError(`Method invocation failed because [${typeNameOf(target)}] does not contain a method named '${name}'.`, {
    category: 'InvalidOperation',
    errorId: 'MethodNotFound',
    exception: 'RuntimeException',
  });
}
