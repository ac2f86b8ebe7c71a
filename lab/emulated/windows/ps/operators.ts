// PowerShell operators of the subset: comparisons (case-insensitive unless c-prefixed), -like,
// -match, -and/-or/-xor, -not, + and -.
import { PsError } from './errors.js';
import type { PsValue } from './values.js';
import { PsObject, toNumber, toText, truthy } from './values.js';

function wildcard(pattern: string, caseSensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end === -1) source += '\\[';
      else {
        source += `[${pattern.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '`' && i + 1 < pattern.length) source += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, caseSensitive ? 's' : 'is');
}

function invalid(message: string): PsError {
  return new PsError(message, { category: 'InvalidArgument', errorId: 'RuntimeException', exception: 'RuntimeException' });
}

// One scalar comparison; the left operand's type decides how the right one is converted.
function compareScalar(op: string, left: PsValue, right: PsValue, caseSensitive: boolean): boolean {
  if (op === 'like' || op === 'notlike') return wildcard(toText(right), caseSensitive).test(toText(left)) === (op === 'like');
  if (op === 'match' || op === 'notmatch')
    return new RegExp(toText(right), caseSensitive ? 'u' : 'iu').test(toText(left)) === (op === 'match');
  let order: number;
  if (left === null || right === null) {
    if (op === 'eq') return left === right;
    if (op === 'ne') return left !== right;
    order = left === null ? (right === null ? 0 : -1) : 1;
  } else if (typeof left === 'number') {
    const other = toNumber(right);
    if (other === null) {
      if (op === 'eq' || op === 'ne') return op === 'ne';
      throw invalid(`Could not compare "${toText(left)}" to "${toText(right)}".`);
    }
    order = Math.sign(left - other);
  } else if (typeof left === 'boolean') {
    order = Number(left) - Number(truthy(right));
  } else {
    const a = caseSensitive ? toText(left) : toText(left).toLowerCase();
    const b = caseSensitive ? toText(right) : toText(right).toLowerCase();
    order = a < b ? -1 : a > b ? 1 : 0;
  }
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    default:
      return order <= 0;
  }
}

/** A comparison operator (`eq`, `ceq`, `ilike`, ...); with an array on the left it filters, as PowerShell does. */
export function compare(operator: string, left: PsValue, right: PsValue): PsValue {
  const caseSensitive = operator.startsWith('c');
  const op =
    /^[ci]/.test(operator) && operator.length > 2 && !['ne', 'notlike', 'notmatch'].includes(operator) ? operator.slice(1) : operator;
  if (Array.isArray(left)) return left.filter((item) => compareScalar(op, item, right, caseSensitive));
  return compareScalar(op, left, right, caseSensitive);
}

/** `+`: numbers add, strings concatenate, arrays append; the left operand decides. */
export function add(left: PsValue, right: PsValue): PsValue {
  if (left === null) return right;
  if (Array.isArray(left)) return [...left, ...(Array.isArray(right) ? right : [right])];
  if (typeof left === 'string') return left + toText(right);
  if (typeof left === 'number') {
    const other = toNumber(right);
    if (other === null)
      throw invalid(`Cannot convert value "${toText(right)}" to type "System.Int32". Error: "Input string was not in a correct format."`);
    return left + other;
  }
  if (left instanceof PsObject)
    throw invalid(`Method invocation failed because [${left.typeName}] does not contain a method named 'op_Addition'.`);
  throw invalid(`The operator '+' is not defined for the operands.`);
}

/** `-` between numbers. */
export function subtract(left: PsValue, right: PsValue): PsValue {
  const a = toNumber(left);
  const b = toNumber(right);
  if (a === null || b === null)
    throw invalid(
      `Cannot convert value "${toText(a === null ? left : right)}" to type "System.Int32". Error: "Input string was not in a correct format."`,
    );
  return a - b;
}
