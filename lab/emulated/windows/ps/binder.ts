// Parameter binding: named (abbreviations allowed when unique), switches, positional, common parameters.
import { PsError } from './errors.js';
import type { PsValue } from './values.js';
import { toText, truthy } from './values.js';

/** One parameter of a cmdlet. */
export interface ParamSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly isSwitch?: boolean;
  /** Position for positional binding. */
  readonly position?: number;
  /** Takes every remaining positional value (Write-Output's InputObject). */
  readonly remaining?: boolean;
}

/** An argument after evaluation. */
export type BoundArg =
  | { readonly kind: 'param'; readonly name: string; readonly value?: PsValue; readonly hasValue: boolean }
  | { readonly kind: 'value'; readonly value: PsValue };

/** ErrorAction values PowerShell accepts. */
export type ErrorAction = 'Continue' | 'Stop' | 'SilentlyContinue' | 'Ignore';

// -ErrorAction is real; -Confirm, -Verbose and -Debug change nothing in a non-interactive run.
const COMMON: readonly ParamSpec[] = [
  { name: 'ErrorAction', aliases: ['ea'] },
  { name: 'Confirm', aliases: ['cf'], isSwitch: true },
  { name: 'Verbose', aliases: ['vb'], isSwitch: true },
  { name: 'Debug', aliases: ['db'], isSwitch: true },
  { name: 'WhatIf', aliases: ['wi'], isSwitch: true },
];

function bindingError(message: string, errorId: string, target?: string): PsError {
  return new PsError(message, {
    category: 'InvalidArgument',
    errorId,
    exception: 'ParameterBindingException',
    ...(target !== undefined ? { target } : {}),
  });
}

function match(specs: readonly ParamSpec[], typed: string): ParamSpec {
  const lower = typed.toLowerCase();
  const exact = specs.find((spec) => spec.name.toLowerCase() === lower || spec.aliases?.some((alias) => alias.toLowerCase() === lower));
  if (exact) return exact;
  const prefixed = specs.filter((spec) => spec.name.toLowerCase().startsWith(lower));
  if (prefixed.length === 1 && prefixed[0]) return prefixed[0];
  if (prefixed.length > 1) {
    throw bindingError(
      `Parameter cannot be processed because the parameter name '${typed}' is ambiguous. Possible matches include: ${prefixed.map((spec) => `-${spec.name}`).join(' ')}.`,
      'AmbiguousParameter',
      typed,
    );
  }
  throw bindingError(`A parameter cannot be found that matches parameter name '${typed}'.`, 'NamedParameterNotFound', typed);
}

/** Binds arguments to a cmdlet's parameters; keys of the result are the canonical names. */
export function bind(specs: readonly ParamSpec[], args: readonly BoundArg[]): { bound: Map<string, PsValue>; errorAction?: ErrorAction } {
  const all = [...specs, ...COMMON];
  const bound = new Map<string, PsValue>();
  const positional: PsValue[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg) continue;
    if (arg.kind === 'value') {
      positional.push(arg.value);
      continue;
    }
    const spec = match(all, arg.name);
    if (spec.isSwitch) {
      bound.set(spec.name, arg.hasValue ? truthy(arg.value ?? null) : true);
    } else if (arg.hasValue) {
      bound.set(spec.name, arg.value ?? null);
    } else {
      const next = args[i + 1];
      if (next?.kind !== 'value')
        throw bindingError(
          `Missing an argument for parameter '${spec.name}'. Specify a parameter of type 'System.String' and try again.`,
          'MissingArgument',
          spec.name,
        );
      bound.set(spec.name, next.value);
      i += 1;
    }
  }
  if (bound.get('WhatIf') === true) throw bindingError('-WhatIf is not emulated by the lab.', 'NotEmulatedByLab');
  const open = specs
    .filter((spec) => spec.position !== undefined && !bound.has(spec.name))
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  for (const [index, value] of positional.entries()) {
    const spec = open[0];
    if (spec?.remaining) {
      bound.set(spec.name, positional.slice(index));
      break;
    }
    if (!spec)
      throw bindingError(
        `A positional parameter cannot be found that accepts argument '${toText(value)}'.`,
        'PositionalParameterNotFound',
        toText(value),
      );
    bound.set(spec.name, value);
    open.shift();
  }
  const action = bound.get('ErrorAction');
  if (action === undefined) return { bound };
  const valid: ErrorAction[] = ['Continue', 'Stop', 'SilentlyContinue', 'Ignore'];
  const chosen = valid.find((name) => name.toLowerCase() === toText(action).toLowerCase());
  if (!chosen)
    throw bindingError(
      `Cannot bind parameter 'ErrorAction'. Cannot convert value "${toText(action)}" to type "System.Management.Automation.ActionPreference".`,
      'CannotConvertArgumentNoMessage',
      'ErrorAction',
    );
  return { bound, errorAction: chosen };
}
