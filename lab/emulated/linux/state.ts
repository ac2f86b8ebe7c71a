// The state of one emulated sh process: identity, working directory, variables, last status.
import type { SessionContext } from '../context.js';
import { callerFor } from '../context.js';
import type { Caller } from '../fs/policy.js';

/** One shell (the login shell of an exec, `sh -c`, or the root shell sudo starts). */
export interface ShellState {
  readonly session: SessionContext;
  readonly root: boolean;
  cwd: string;
  readonly vars: Map<string, string>;
  positional: string[];
  status: number;
  /** Set by `exit`: stop running the script. */
  exitRequested: boolean;
}

/** Debian's default PATH for login shells and sudo's secure_path. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A fresh shell as the login user (cwd: home) or as root after sudo (cwd kept, HOME=/root). */
export function newShell(session: SessionContext, root: boolean, cwd?: string, positional: string[] = ['sh']): ShellState {
  const user = root ? 'root' : session.host.credentials.user;
  const home = root ? '/root' : session.host.vfs.home;
  const vars = new Map([
    ['HOME', home],
    ['USER', user],
    ['LOGNAME', user],
    ['PATH', DEFAULT_PATH],
    ['SHELL', root ? '/bin/bash' : '/bin/sh'],
    ['PWD', cwd ?? home],
  ]);
  return { session, root, cwd: cwd ?? session.host.vfs.home, vars, positional, status: 0, exitRequested: false };
}

/** The file-system identity of the shell. */
export function shellCaller(state: ShellState): Caller {
  return callerFor(state.session, state.root);
}
