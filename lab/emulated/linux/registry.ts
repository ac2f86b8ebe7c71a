// Which commands exist on an emulated Linux host: dash builtins, and tools in /usr/bin (merged /usr).
import { cdCmd, dashEcho, exitCmd, falseCmd, gnuEcho, hostnameCmd, idCmd, pwdCmd, trueCmd, unameCmd, whoamiCmd } from './cmd-basic.js';
import { dateCmd } from './cmd-date.js';
import { cpCmd, mvCmd } from './cmd-copy.js';
import { chmodCmd, chownCmd, mkdirCmd, rmCmd } from './cmd-files.js';
import { dfCmd, lsCmd, statCmd } from './cmd-inspect.js';
import { readlinkCmd, realpathCmd } from './cmd-links.js';
import { printfCmd } from './cmd-printf.js';
import { base64Cmd, catCmd, headCmd, sha256sumCmd, teeCmd, wcCmd } from './cmd-read.js';
import { commandCmd, shCmd, sudoCmd, timeoutCmd, whichCmd } from './cmd-run.js';
import { systemctlCmd } from './cmd-systemctl.js';
import { isServiceBinary, serviceBinaryCmd } from './cmd-service-binary.js';
import { testCmd } from './cmd-test.js';
import type { CommandImpl } from './kit.js';
import type { ShellState } from './state.js';

/** Where the emulated tools live. */
export const BIN_DIR = '/usr/bin';

interface Tables {
  readonly builtins: ReadonlyMap<string, CommandImpl>;
  readonly tools: ReadonlyMap<string, CommandImpl>;
}

let tables: Tables | undefined;

// Built on first use: the command modules import this one back (sudo, timeout, sh look commands up).
function load(): Tables {
  tables ??= {
    builtins: new Map<string, CommandImpl>([
      ['echo', dashEcho],
      ['printf', printfCmd],
      ['true', trueCmd],
      ['false', falseCmd],
      ['test', testCmd],
      ['[', testCmd],
      ['cd', cdCmd],
      ['pwd', pwdCmd],
      ['exit', exitCmd],
      ['command', commandCmd],
    ]),
    tools: new Map<string, CommandImpl>([
      ['cat', catCmd],
      ['base64', base64Cmd],
      ['sha256sum', sha256sumCmd],
      ['head', headCmd],
      ['wc', wcCmd],
      ['tee', teeCmd],
      ['stat', statCmd],
      ['readlink', readlinkCmd],
      ['realpath', realpathCmd],
      ['ls', lsCmd],
      ['df', dfCmd],
      ['mkdir', mkdirCmd],
      ['cp', cpCmd],
      ['mv', mvCmd],
      ['rm', rmCmd],
      ['chmod', chmodCmd],
      ['chown', chownCmd],
      ['date', dateCmd],
      ['uname', unameCmd],
      ['id', idCmd],
      ['whoami', whoamiCmd],
      ['hostname', hostnameCmd],
      ['timeout', timeoutCmd],
      ['sudo', sudoCmd],
      ['systemctl', systemctlCmd],
      ['sh', shCmd],
      ['dash', shCmd],
      ['which', whichCmd],
      ['echo', gnuEcho],
      ['printf', printfCmd],
      ['true', trueCmd],
      ['false', falseCmd],
      ['test', testCmd],
      ['[', testCmd],
      ['pwd', pwdCmd],
    ]),
  };
  return tables;
}

/** A command found by name: its implementation and what `command -v` prints for it. */
export interface FoundCommand {
  readonly impl: CommandImpl;
  readonly shown: string;
}

/**
 * Looks a command up as sh would (`builtins`: true) or as exec'ing programs do (sudo, timeout).
 * Names with a slash must be /usr/bin/NAME or /bin/NAME, or (with the shell) the instance's
 * `%service_dir%/bin/kl_feed_service`; everything else is "not found".
 */
export function findCommand(name: string, builtins: boolean, state?: ShellState): FoundCommand | null {
  const { builtins: shellBuiltins, tools } = load();
  if (name.includes('/')) {
    const match = /^(?:\/usr)?\/bin\/([^/]+)$/.exec(name.replace(/\/+/g, '/'));
    const impl = match?.[1] ? tools.get(match[1]) : undefined;
    if (impl) return { impl, shown: name };
    // The instance's own binary, by its path (given the shell, to know the host): see cmd-service-binary.ts.
    return state !== undefined && isServiceBinary({ state }, name) ? { impl: serviceBinaryCmd, shown: name } : null;
  }
  const builtin = builtins ? shellBuiltins.get(name) : undefined;
  if (builtin) return { impl: builtin, shown: name };
  const tool = tools.get(name);
  return tool ? { impl: tool, shown: `${BIN_DIR}/${name}` } : null;
}
