// The Windows environment of the login user, for cmd's %VAR% and PowerShell's $env:VAR.
import type { HostContext } from '../context.js';

/** Environment variables of a session (names are case-insensitive on Windows: look up with `envGet`). */
export function windowsEnvironment(host: HostContext): Map<string, string> {
  const user = host.credentials.user;
  const computer = host.instance.name.toUpperCase();
  const profile = host.vfs.home;
  return new Map([
    ['ALLUSERSPROFILE', 'C:\\ProgramData'],
    ['APPDATA', `${profile}\\AppData\\Roaming`],
    ['COMPUTERNAME', computer],
    ['ComSpec', 'C:\\Windows\\system32\\cmd.exe'],
    ['HOMEDRIVE', 'C:'],
    ['HOMEPATH', profile.slice(2)],
    ['LOCALAPPDATA', `${profile}\\AppData\\Local`],
    ['NUMBER_OF_PROCESSORS', '2'],
    ['OS', 'Windows_NT'],
    [
      'Path',
      'C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\;C:\\Windows\\System32\\OpenSSH\\',
    ],
    ['PATHEXT', '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC'],
    ['PROCESSOR_ARCHITECTURE', 'AMD64'],
    ['ProgramData', 'C:\\ProgramData'],
    ['ProgramFiles', 'C:\\Program Files'],
    ['ProgramFiles(x86)', 'C:\\Program Files (x86)'],
    ['PUBLIC', 'C:\\Users\\Public'],
    ['SystemDrive', 'C:'],
    ['SystemRoot', 'C:\\Windows'],
    ['TEMP', `${profile}\\AppData\\Local\\Temp`],
    ['TMP', `${profile}\\AppData\\Local\\Temp`],
    ['USERDOMAIN', computer],
    ['USERNAME', user],
    ['USERPROFILE', profile],
    ['windir', 'C:\\Windows'],
  ]);
}

/** Case-insensitive lookup, as Windows does. */
export function envGet(env: ReadonlyMap<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of env) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** Case-insensitive assignment; an empty value removes the variable, as on Windows. */
export function envSet(env: Map<string, string>, name: string, value: string | null): void {
  const lower = name.toLowerCase();
  for (const key of env.keys()) if (key.toLowerCase() === lower) env.delete(key);
  if (value !== null && value !== '') env.set(name, value);
}
