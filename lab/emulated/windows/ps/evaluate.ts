// Expression evaluation for the PowerShell subset.
import type { Expr, Statement } from './ast.js';
import { PsError } from './errors.js';
import { getMember, invokeMember } from './members.js';
import { add, compare, subtract } from './operators.js';
import { cast, resolveType, staticInvoke, staticMember } from './types.js';
import type { TypeHost } from './types.js';
import type { PsValue } from './values.js';
import { PsTypeRef, collapse, toNumber, toText, truthy } from './values.js';

/** What expressions need from the interpreter. */
export interface EvalHost {
  readonly types: TypeHost;
  readVariable(name: string): PsValue;
  /** Runs statements and collects their output (for `( )`, `$( )` and `@( )`). */
  collect(body: readonly Statement[]): Promise<PsValue[]>;
}

// Errors get the span of the expression that raised them, for `At line:N char:M`.
function located(error: unknown, expr: Expr): unknown {
  if (error instanceof PsError && !error.span) error.span = expr.span;
  return error;
}

/** Evaluates an expression. */
export async function evaluate(expr: Expr, host: EvalHost): Promise<PsValue> {
  try {
    return await evaluateInner(expr, host);
  } catch (error) {
    throw located(error, expr);
  }
}

async function evaluateInner(expr: Expr, host: EvalHost): Promise<PsValue> {
  switch (expr.kind) {
    case 'string':
    case 'number':
      return expr.value;
    case 'expandable': {
      let text = '';
      for (const part of expr.parts) text += typeof part === 'string' ? part : toText(await evaluate(part, host));
      return text;
    }
    case 'variable':
      return host.readVariable(expr.name);
    case 'sub': {
      const values = await host.collect(expr.body);
      return expr.array ? values : collapse(values);
    }
    case 'array': {
      const items: PsValue[] = [];
      for (const item of expr.items) items.push(await evaluate(item, host));
      return items;
    }
    case 'type':
      return resolveType(expr.name);
    case 'cast':
      return cast(expr.type, await evaluate(expr.operand, host));
    case 'member': {
      const target = await evaluate(expr.target, host);
      if (expr.isStatic) {
        if (!(target instanceof PsTypeRef))
          throw new PsError(`Unable to find type [${toText(target)}].`, {
            category: 'InvalidOperation',
            errorId: 'TypeNotFound',
            exception: 'RuntimeException',
          });
        return staticMember(target, expr.name, host.types);
      }
      return getMember(target, expr.name);
    }
    case 'invoke': {
      const target = await evaluate(expr.target, host);
      const args: PsValue[] = [];
      for (const arg of expr.args) args.push(await evaluate(arg, host));
      if (expr.isStatic && target instanceof PsTypeRef) {
        const result = staticInvoke(target, expr.name, args, host.types);
        if (result) return result.value;
        throw new PsError(`Method invocation failed because [${target.fullName}] does not contain a method named '${expr.name}'.`, {
          category: 'InvalidOperation',
          errorId: 'MethodNotFound',
          exception: 'RuntimeException',
        });
      }
      return invokeMember(target, expr.name, args);
    }
    case 'index': {
      const target = await evaluate(expr.target, host);
      const index = toNumber(await evaluate(expr.index, host));
      if (index === null) return null;
      const list = Array.isArray(target) ? target : typeof target === 'string' ? [...target] : [target];
      return list[index < 0 ? list.length + index : index] ?? null;
    }
    case 'unary': {
      const operand = await evaluate(expr.operand, host);
      if (expr.op === '-not') return !truthy(operand);
      const number = toNumber(operand);
      if (number === null)
        throw new PsError(`Cannot convert value "${toText(operand)}" to type "System.Int32".`, {
          category: 'InvalidArgument',
          errorId: 'InvalidCastFromStringToInteger',
          exception: 'RuntimeException',
        });
      return -number;
    }
    case 'binary': {
      const left = await evaluate(expr.left, host);
      if (expr.op === 'and' && !truthy(left)) return false;
      if (expr.op === 'or' && truthy(left)) return true;
      const right = await evaluate(expr.right, host);
      switch (expr.op) {
        case 'and':
        case 'or':
          return truthy(right);
        case 'xor':
          return truthy(left) !== truthy(right);
        case '+':
          return add(left, right);
        case '-':
          return subtract(left, right);
        default:
          return compare(expr.op, left, right);
      }
    }
  }
}
