// Type literals of the subset: [Console], [Text.Encoding], [Environment], [DateTime], [string],
// [IO.File]::ReadAllBytes, [Convert]::ToBase64String, the Windows principal types of the
// Administrator check, and casts.
import { VfsError } from '../../fs/errors.js';
import { dateTime } from './datetime.js';
import { PsError } from './errors.js';
import { encodingObject, version } from './objects.js';
import type { PsValue } from './values.js';
import { PsObject, PsTypeRef, toNumber, toText, truthy } from './values.js';

/** What static members need from the running session. */
export interface TypeHost {
  readonly computer: string;
  readonly user: string;
  outputEncoding: PsObject;
  env(name: string): string | undefined;
  /** A file's bytes as the session user, for `[IO.File]::ReadAllBytes`; throws VfsError. */
  readAllBytes(path: string): Buffer;
}

const ALIASES: Record<string, string> = {
  console: 'System.Console',
  'text.encoding': 'System.Text.Encoding',
  environment: 'System.Environment',
  datetime: 'System.DateTime',
  string: 'System.String',
  int: 'System.Int32',
  int32: 'System.Int32',
  long: 'System.Int64',
  int64: 'System.Int64',
  double: 'System.Double',
  bool: 'System.Boolean',
  boolean: 'System.Boolean',
  'security.principal.windowsidentity': 'System.Security.Principal.WindowsIdentity',
  'security.principal.windowsprincipal': 'System.Security.Principal.WindowsPrincipal',
  'security.principal.windowsbuiltinrole': 'System.Security.Principal.WindowsBuiltInRole',
  'io.file': 'System.IO.File',
  convert: 'System.Convert',
};

/** `Exception calling "M" with "N" argument(s): "..."`: how PowerShell reports a .NET method's exception. */
function methodException(method: string, args: readonly PsValue[], message: string, errorId: string): PsError {
  return new PsError(`Exception calling "${method}" with "${args.length}" argument(s): "${message}"`, {
    category: 'NotSpecified',
    errorId,
    exception: 'MethodInvocationException',
  });
}

// .NET's words for what File.ReadAllBytes throws.
function readAllBytes(args: readonly PsValue[], host: TypeHost): PsValue[] {
  if (args.length !== 1)
    throw new PsError(`Cannot find an overload for "ReadAllBytes" and the argument count: "${args.length}".`, {
      category: 'NotSpecified',
      errorId: 'MethodCountCouldNotFindBest',
      exception: 'MethodException',
    });
  const path = toText(args[0] ?? null);
  try {
    return [...host.readAllBytes(path)];
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    const shown = error.hostPath || path;
    switch (error.code) {
      case 'ENOENT':
        throw methodException('ReadAllBytes', args, `Could not find file '${shown}'.`, 'FileNotFoundException');
      case 'ENOTDIR':
        throw methodException('ReadAllBytes', args, `Could not find a part of the path '${shown}'.`, 'DirectoryNotFoundException');
      case 'EACCES':
      case 'EPERM':
      case 'EISDIR':
        throw methodException('ReadAllBytes', args, `Access to the path '${shown}' is denied.`, 'UnauthorizedAccessException');
      default:
        throw methodException('ReadAllBytes', args, error.text, 'IOException');
    }
  }
}

// Convert.ToBase64String(byte[]): the argument must be bytes (PowerShell converts an array of small integers).
function toBase64String(args: readonly PsValue[]): string {
  const [value = null] = args;
  const items = Array.isArray(value) ? value : [value];
  if (
    args.length !== 1 ||
    value === null ||
    !items.every((item) => typeof item === 'number' && Number.isInteger(item) && item >= 0 && item <= 255)
  ) {
    throw new PsError(`Cannot convert argument "inArray", with value: "${toText(value)}", for "ToBase64String" to type "System.Byte[]".`, {
      category: 'NotSpecified',
      errorId: 'MethodArgumentConversionInvalidCastArgument',
      exception: 'MethodException',
    });
  }
  return Buffer.from(items as number[]).toString('base64');
}

/** Resolves a type name (with or without `System.`); unknown types fail as in PowerShell. */
export function resolveType(name: string): PsTypeRef {
  const key = name.toLowerCase().replace(/^system\./, '');
  const fullName = ALIASES[key];
  if (!fullName)
    throw new PsError(`Unable to find type [${name}].`, {
      category: 'InvalidOperation',
      errorId: 'TypeNotFound',
      exception: 'RuntimeException',
      target: name,
    });
  return new PsTypeRef(fullName);
}

function role(name: string): PsObject {
  return new PsObject('System.Security.Principal.WindowsBuiltInRole', { value__: name }, {}, () => name);
}

function identity(host: TypeHost): PsObject {
  return new PsObject(
    'System.Security.Principal.WindowsIdentity',
    { Name: `${host.computer}\\${host.user}`, AuthenticationType: 'NTLM', IsAuthenticated: true, IsSystem: false },
    {},
    () => 'System.Security.Principal.WindowsIdentity',
  );
}

// The login user is a member of Administrators (and so of Users); it is not a guest or an operator.
function principal(): PsObject {
  return new PsObject(
    'System.Security.Principal.WindowsPrincipal',
    {},
    {
      IsInRole: ([wanted]) => {
        const name = toText(wanted ?? null)
          .toLowerCase()
          .replace(/^builtin\\/, '');
        return ['administrator', 'administrators', 'user', 'users', '544', '545'].includes(name);
      },
    },
  );
}

/** `[Type]::Member` */
export function staticMember(type: PsTypeRef, name: string, host: TypeHost): PsValue {
  const member = `${type.fullName}::${name.toLowerCase()}`;
  switch (member) {
    case 'System.Console::outputencoding':
      return host.outputEncoding;
    case 'System.Text.Encoding::utf8':
      return encodingObject('utf-8-bom');
    case 'System.Text.Encoding::unicode':
      return encodingObject('utf-16le');
    case 'System.Text.Encoding::ascii':
      return encodingObject('ascii');
    case 'System.Environment::osversion':
      return new PsObject(
        'System.OperatingSystem',
        { Platform: 'Win32NT', ServicePack: '', Version: version(10, 0, 20348, 0), VersionString: 'Microsoft Windows NT 10.0.20348.0' },
        {},
        () => 'Microsoft Windows NT 10.0.20348.0',
      );
    case 'System.Environment::machinename':
      return host.computer;
    case 'System.Environment::username':
      return host.user;
    case 'System.Environment::newline':
      return '\r\n';
    case 'System.DateTime::utcnow':
      return dateTime(Date.now(), true);
    case 'System.DateTime::now':
      return dateTime(Date.now(), false);
    case 'System.String::empty':
      return '';
    default:
      if (type.fullName === 'System.Security.Principal.WindowsBuiltInRole') return role(name.charAt(0).toUpperCase() + name.slice(1));
      return null;
  }
}

/** `[Type]::Method(args)`; null when the type has no such method. */
export function staticInvoke(type: PsTypeRef, name: string, args: readonly PsValue[], host: TypeHost): { value: PsValue } | null {
  const member = `${type.fullName}::${name.toLowerCase()}`;
  switch (member) {
    case 'System.Security.Principal.WindowsIdentity::getcurrent':
      return { value: identity(host) };
    case 'System.Environment::getenvironmentvariable':
      return { value: host.env(toText(args[0] ?? null)) ?? null };
    case 'System.String::isnullorempty':
      return { value: toText(args[0] ?? null) === '' };
    case 'System.IO.File::readallbytes':
      return { value: readAllBytes(args, host) };
    case 'System.Convert::tobase64string':
      return { value: toBase64String(args) };
    default:
      return null;
  }
}

/** Sets `[Console]::OutputEncoding`; false for any other static member. */
export function setStatic(type: PsTypeRef, name: string, value: PsValue, host: TypeHost): boolean {
  if (type.fullName !== 'System.Console' || name.toLowerCase() !== 'outputencoding') return false;
  if (!(value instanceof PsObject) || value.get('LabEncodingId') === null) {
    throw new PsError(
      `Exception setting "OutputEncoding": "Cannot convert the "${toText(value)}" value of type "${typeof value}" to type "System.Text.Encoding"."`,
      { category: 'NotSpecified', errorId: 'ExceptionWhenSetting', exception: 'SetValueInvocationException' },
    );
  }
  host.outputEncoding = value;
  return true;
}

/** `[Type]value` */
export function cast(typeName: string, value: PsValue): PsValue {
  const type = resolveType(typeName);
  switch (type.fullName) {
    case 'System.String':
      return value === null ? '' : toText(value);
    case 'System.Int32':
    case 'System.Int64':
    case 'System.Double': {
      const number = toNumber(value);
      if (number === null)
        throw new PsError(
          `Cannot convert value "${toText(value)}" to type "${type.fullName}". Error: "Input string was not in a correct format."`,
          { category: 'InvalidArgument', errorId: 'InvalidCastFromStringToInteger', exception: 'RuntimeException' },
        );
      return type.fullName === 'System.Double' ? number : Math.round(number);
    }
    case 'System.Boolean':
      return truthy(value);
    case 'System.Security.Principal.WindowsPrincipal':
      if (value instanceof PsObject && value.typeName === 'System.Security.Principal.WindowsIdentity') return principal();
      break;
    default:
      if (value instanceof PsObject && value.typeName === type.fullName) return value;
  }
  throw new PsError(`Cannot convert the "${toText(value)}" value to type "${type.fullName}".`, {
    category: 'InvalidArgument',
    errorId: 'ConvertToFinalInvalidCastException',
    exception: 'RuntimeException',
  });
}
