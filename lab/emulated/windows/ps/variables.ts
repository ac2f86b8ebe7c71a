// Session state of one powershell.exe: variables and the automatic ones ($?, $LASTEXITCODE, $env:X,
// $ErrorActionPreference, $PSVersionTable).
import { envGet, envSet } from '../environment.js';
import type { ErrorAction } from './binder.js';
import { PsError } from './errors.js';
import { version } from './objects.js';
import type { PsValue } from './values.js';
import { PsObject, toText } from './values.js';

const READ_ONLY = new Set(['true', 'false', 'null', '?', '$', '^', 'psversiontable', 'pid', 'home', 'host']);

/** Variables of a session. */
export class SessionState {
  readonly vars = new Map<string, PsValue>();
  lastExitCode: PsValue = null;
  /** `$?` */
  success = true;
  errorActionPreference: ErrorAction = 'Continue';

  constructor(
    private readonly env: Map<string, string>,
    private readonly home: string,
  ) {}

  /** Reads a variable (`$env:X`, `$?`, `$LASTEXITCODE`, `$PSVersionTable`, ...). */
  read(name: string): PsValue {
    const key = name.toLowerCase();
    if (key.startsWith('env:')) return envGet(this.env, name.slice(4)) ?? null;
    const scoped = key.replace(/^(global|script|local|private|variable):/, '');
    switch (scoped) {
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
      case '?':
        return this.success;
      case 'lastexitcode':
        return this.lastExitCode;
      case 'erroractionpreference':
        return this.errorActionPreference;
      case 'home':
        return this.home;
      case 'pid':
        return 4321;
      case 'psversiontable':
        return psVersionTable();
      default:
        return this.vars.get(scoped) ?? null;
    }
  }

  /** Assigns a variable; the automatic read-only ones refuse. */
  write(name: string, value: PsValue): void {
    const key = name.toLowerCase();
    if (key.startsWith('env:')) return envSet(this.env, name.slice(4), value === null ? null : toText(value));
    const scoped = key.replace(/^(global|script|local|private|variable):/, '');
    if (READ_ONLY.has(scoped))
      throw new PsError(`Cannot overwrite variable ${name} because it is read-only or constant.`, {
        category: 'WriteError',
        errorId: 'VariableNotWritable',
        exception: 'SessionStateUnauthorizedAccessException',
        target: name,
      });
    if (scoped === 'lastexitcode') this.lastExitCode = value;
    else if (scoped === 'erroractionpreference') {
      const valid: ErrorAction[] = ['Continue', 'Stop', 'SilentlyContinue', 'Ignore'];
      const chosen = valid.find((action) => action.toLowerCase() === toText(value).toLowerCase());
      if (!chosen)
        throw new PsError(`Cannot convert value "${toText(value)}" to type "System.Management.Automation.ActionPreference".`, {
          category: 'MetadataError',
          errorId: 'RuntimeException',
          exception: 'ArgumentTransformationMetadataException',
        });
      this.errorActionPreference = chosen;
    } else this.vars.set(scoped, value);
  }
}

function psVersionTable(): PsObject {
  const entries: Record<string, PsValue> = {
    PSVersion: version(5, 1, 20348, 2582),
    PSEdition: 'Desktop',
    BuildVersion: version(10, 0, 20348, 2582),
    CLRVersion: version(4, 0, 30319, 42000),
    WSManStackVersion: version(3, 0, -1, -1),
    PSRemotingProtocolVersion: version(2, 3, -1, -1),
    SerializationVersion: version(1, 1, 0, 1),
  };
  const width = Math.max(...Object.keys(entries).map((name) => name.length));
  const display = (): string[] => [
    '',
    `${'Name'.padEnd(width)} Value`,
    `${'----'.padEnd(width)} -----`,
    ...Object.entries(entries).map(([name, value]) => `${name.padEnd(width)} ${toText(value)}`),
    '',
    '',
  ];
  return new PsObject('System.Management.Automation.PSVersionHashTable', entries, {}, () => 'System.Collections.Hashtable', display);
}
