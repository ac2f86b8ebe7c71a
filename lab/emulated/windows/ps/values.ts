// Runtime values of the PowerShell subset and PowerShell's conversion rules between them.

/** A method of an emulated .NET object. */
export type PsMethod = (args: readonly PsValue[]) => PsValue;

/** An emulated .NET object: a type name, properties (case-insensitive), methods, and how it prints. */
export class PsObject {
  private readonly props = new Map<string, [string, PsValue | (() => PsValue)]>();
  private readonly methods = new Map<string, PsMethod>();

  constructor(
    readonly typeName: string,
    props: Record<string, PsValue | (() => PsValue)> = {},
    methods: Record<string, PsMethod> = {},
    /** `[string]` of the object (what "$x" and Write-Host show). */
    private readonly text: () => string = () => typeName,
    /** Lines the default formatter prints for it. */
    readonly display?: () => string[],
  ) {
    for (const [name, value] of Object.entries(props)) this.props.set(name.toLowerCase(), [name, value]);
    for (const [name, method] of Object.entries(methods)) this.methods.set(name.toLowerCase(), method);
  }

  /** A property value; unknown properties are $null, as in PowerShell outside strict mode. */
  get(name: string): PsValue {
    const entry = this.props.get(name.toLowerCase());
    if (!entry) return null;
    const value = entry[1];
    return typeof value === 'function' ? value() : value;
  }

  /** Property names in declaration order. */
  propertyNames(): string[] {
    return [...this.props.values()].map(([name]) => name);
  }

  /** A method, if the object has it (ToString is always there). */
  method(name: string): PsMethod | undefined {
    const found = this.methods.get(name.toLowerCase());
    if (found) return found;
    if (name.toLowerCase() === 'tostring') return () => this.text();
    return undefined;
  }

  /** The object as a string. */
  toString(): string {
    return this.text();
  }
}

/** A type literal's value (`[Console]`): its static members live in types.ts. */
export class PsTypeRef {
  constructor(readonly fullName: string) {}
}

/** Any value a PowerShell expression can have here. */
export type PsValue = null | string | number | boolean | PsObject | PsTypeRef | PsValue[];

/** PowerShell's string conversion ($OFS is a blank for arrays). */
export function toText(value: PsValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return value.map(toText).join(' ');
  if (value instanceof PsTypeRef) return value.fullName;
  return value.toString();
}

/** Numbers as .NET prints them with the invariant culture (integers without a decimal point). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** PowerShell's truthiness ($null, $false, 0, '', empty and one-false-element arrays are false). */
export function truthy(value: PsValue): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length === 0 ? false : value.length === 1 ? truthy(value[0] ?? null) : true;
  return true;
}

/** Numeric conversion; null when PowerShell would refuse ("Cannot convert value"). */
export function toNumber(value: PsValue): number | null {
  if (value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return 0;
    const parsed = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : Number(text);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** A pipeline's output as one value: nothing is $null, one item is itself, more is an array. */
export function collapse(items: readonly PsValue[]): PsValue {
  if (items.length === 0) return null;
  if (items.length === 1) return items[0] ?? null;
  return [...items];
}

/** Enumerates a value as a pipeline does (arrays unroll, $null is nothing). */
export function enumerate(value: PsValue): PsValue[] {
  if (value === null) return [];
  return Array.isArray(value) ? value : [value];
}
