import { versionLine } from '../simulator/cli-args.js';
import type { LabVersion } from '../spec.js';

// What stands in bin/ for the service binary. A Linux lab host runs the Feed Service simulator
// through a shell launcher; the emulated Windows host runs the simulator itself, so its .exe is a
// placeholder that only says so.

/** Quotes a word for /bin/sh: single quotes, with each embedded `'` closed, escaped and reopened. */
function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * bin/kl_feed_service on Linux: starts the simulator with this bin folder and passes every argument on
 * (mode 0755). With the lab's CyberTrace version, `kl_feed_service -v` prints it (REFERENCE 2.1 documents
 * `-v`, not its output); without, `-v` prints no number.
 */
export function linuxLauncher(nodePath: string, simulatorPath: string, version?: LabVersion): string {
  const labVersion = version === undefined ? '' : ` --lab-version ${shQuote(version)}`;
  return [
    '#!/bin/sh',
    '# CyberTrace HA lab: this host runs the Feed Service simulator in place of kl_feed_service.',
    // `-v` alone answers at once, as a native binary would, rather than booting node on the host for one line.
    `if [ "$#" -eq 1 ] && [ "$1" = "-v" ]; then printf '%s\n' ${shQuote(versionLine(version))}; exit 0; fi`,
    `exec ${shQuote(nodePath)} ${shQuote(simulatorPath)} --bin-dir "$(dirname "$0")"${labVersion} "$@"`,
    '',
  ].join('\n');
}

/** bin\kl_feed_service.exe on Windows: an `MZ` header then a note; never executed. */
export function windowsServicePlaceholder(): Buffer {
  const note =
    'CyberTrace HA lab placeholder for kl_feed_service.exe. ' +
    'The emulated Windows host runs the Feed Service simulator instead of this file.\r\n';
  return Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(62), Buffer.from(note, 'latin1')]);
}

/**
 * bin\kl_control.bat of 4.0/4.1 (REFERENCE 2.2: start, stop, restart, status, reloaddb, help; start and
 * stop also act on the watchdog service). The emulated host interprets the command itself; this text is
 * what an engineer reading the file sees. The watchdog's service name, the reloaddb mechanism and what
 * `status` prints are not documented: all three are the lab's invention (`status` prints the same free
 * text as lab/emulated/windows/kl-control.ts: "<display name>: working", "not working", or "busy" while a
 * start or stop is pending, which `net start` cannot tell and this copy does not print).
 */
export function klControlBat(): string {
  return [
    '@echo off',
    'rem Kaspersky CyberTrace service control (CyberTrace HA lab copy, 4.1 layout).',
    'setlocal',
    'set SERVICE=cybertrace',
    'set WATCHDOG=cybertrace_watchdog',
    'set DISPLAY=Kaspersky CyberTrace Service',
    'if "%~1"=="" goto help',
    'for %%C in (start stop restart status reloaddb help) do if /i "%~1"=="%%C" goto %%C',
    'echo Unknown option: %~1',
    'goto help',
    ':start',
    'net start %SERVICE% && net start %WATCHDOG%',
    'exit /b %errorlevel%',
    ':stop',
    'net stop %WATCHDOG%',
    'net stop %SERVICE%',
    'exit /b %errorlevel%',
    ':restart',
    'call "%~f0" stop',
    'call "%~f0" start',
    'exit /b %errorlevel%',
    ':status',
    'rem What status prints is not documented (REFERENCE 2.2): free text, as an unknown real script would.',
    'net start | find /i "%DISPLAY%" >nul',
    'if errorlevel 1 (echo %DISPLAY%: not working) else (echo %DISPLAY%: working)',
    'exit /b 0',
    ':reloaddb',
    'sc control %SERVICE% 128',
    'exit /b %errorlevel%',
    ':help',
    'echo Usage: kl_control.bat start^|stop^|restart^|status^|reloaddb^|help',
    'exit /b 0',
    '',
  ].join('\n');
}
