// Programs an emulated Windows host can start from cmd.exe or PowerShell, and how names resolve to them.
import type { CommandIo, SessionContext } from '../context.js';
import type { Sink } from '../io/sinks.js';
import { encode } from './encoding.js';
import { feedServiceExePath } from './feed-service-exe.js';

/** One program start: its arguments (already split), streams, session and environment. */
export interface NativeRun {
  readonly args: readonly string[];
  /** The argument text as given on the command line (cmd /c and batch files need it raw). */
  readonly rawArgs: string;
  readonly io: CommandIo;
  readonly session: SessionContext;
  readonly env: Map<string, string>;
}

/** A program; resolves with its exit code. */
export type NativeProgram = (run: NativeRun) => Promise<number>;

/** Writes console text (CRLF already in it) in the console's OEM code page, as programs do. */
export function writeText(sink: Sink, text: string): void {
  sink.write(encode(text, 'cp437'));
}

/** The path of kl_control.bat on this host, when the host uses it (4.0/4.1) and the file is there. */
export function klControlPath(session: SessionContext): string | null {
  const { instance, vfs } = session.host;
  if (instance.serviceControl !== 'kl_control') return null;
  const path = vfs.normalize(`${instance.serviceDir}\\bin\\kl_control.bat`);
  return vfs.tryStat(path)?.kind === 'file' ? path : null;
}

const SYSTEM32 = 'c:\\windows\\system32\\';
const POWERSHELL_DIR = 'c:\\windows\\system32\\windowspowershell\\v1.0\\';

/** Looks a program up by what was typed: a bare name (`.exe` optional) or a full path. */
export function findProgram(typed: string, session: SessionContext, programs: ReadonlyMap<string, NativeProgram>): NativeProgram | null {
  const name = typed.replace(/\//g, '\\').toLowerCase();
  if (name.includes('\\')) {
    const bat = klControlPath(session);
    if (bat !== null && session.host.vfs.normalize(name).toLowerCase() === bat.toLowerCase()) return programs.get('kl_control.bat') ?? null;
    const exe = feedServiceExePath(session);
    if (exe !== null && session.host.vfs.normalize(name).toLowerCase() === exe.toLowerCase())
      return programs.get('kl_feed_service.exe') ?? null;
    const file = name.startsWith(POWERSHELL_DIR)
      ? name.slice(POWERSHELL_DIR.length)
      : name.startsWith(SYSTEM32)
        ? name.slice(SYSTEM32.length)
        : null;
    if (file === null || file.includes('\\')) return null;
    const found = file.endsWith('.exe') ? file : `${file}.exe`;
    return found === 'kl_feed_service.exe' ? null : (programs.get(found) ?? null);
  }
  const file = name.endsWith('.exe') ? name : `${name}.exe`;
  // The service binary lives in %service_dir%\bin, which is not on PATH.
  return file === 'kl_feed_service.exe' ? null : (programs.get(file) ?? null);
}
