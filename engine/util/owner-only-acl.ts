// Windows has no permission bits (chmod 0600 only clears the read-only flag there), so "owner only" is an
// ACL: inheritance removed and a single full-control grant to the current user, set with icacls, which
// every Windows since Vista has. Used for plans, journals and report files on the engineer's machine.
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';

/** Runs a program with arguments (no shell); rejects with its stderr on a non-zero exit. */
export type RunProgram = (file: string, args: readonly string[]) => Promise<void>;

const runProgram: RunProgram = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { windowsHide: true, timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${String(stderr).trim() || error.message}`));
      else resolve();
    });
  });

/** The account icacls grants: DOMAIN\user when Windows says the domain, else the user name. */
export function currentAccount(env: NodeJS.ProcessEnv = process.env): string {
  const user = env.USERNAME ?? userInfo().username;
  return env.USERDOMAIN ? `${env.USERDOMAIN}\\${user}` : user;
}

/** icacls arguments that leave `path` readable and writable by `account` only. */
export function ownerOnlyAclArgs(path: string, account: string): string[] {
  return [path, '/inheritance:r', '/grant:r', `${account}:(F)`];
}

/** Restricts a file to the current user with icacls; the error names the file and what icacls said. */
export async function restrictToOwner(path: string, run: RunProgram = runProgram, account = currentAccount()): Promise<void> {
  await run('icacls', ownerOnlyAclArgs(path, account));
}
