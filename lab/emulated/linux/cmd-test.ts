// test(1) / [ as dash's builtin: POSIX's argument-count rules, file, string and integer tests.
import type { CommandImpl, CommandRun } from './kit.js';
import { callerOf, pathOf, vfsOf } from './kit.js';

class TestError extends Error {}

const UNARY = new Set(['-e', '-f', '-d', '-r', '-w', '-x', '-s', '-n', '-z', '-L', '-h', '-b', '-c', '-p', '-S']);
const BINARY = new Set(['=', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

function integer(text: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(text)) throw new TestError(`Illegal number: ${text}`);
  return Number(text);
}

function unary(run: CommandRun, op: string, operand: string): boolean {
  if (op === '-n') return operand !== '';
  if (op === '-z') return operand === '';
  const vfs = vfsOf(run);
  const path = pathOf(run, operand);
  // -L and -h look at the path itself (lstat): a link is one even when what it names is missing.
  if (op === '-L' || op === '-h') return operand !== '' && vfs.isLink(path);
  const st = operand === '' ? null : vfs.tryStat(path);
  if (!st) return false;
  const caller = callerOf(run);
  switch (op) {
    case '-e':
      return true;
    case '-f':
      return st.kind === 'file';
    case '-d':
      return st.kind === 'dir';
    case '-s':
      return st.size > 0;
    case '-r':
      return vfs.policy.permits(st, caller, 4);
    case '-w':
      // access(W_OK) on an immutable file fails even for root.
      return !vfs.policy.immutable(path) && vfs.policy.permits(st, caller, 2);
    case '-x':
      return caller.root ? (st.mode & 0o111) !== 0 || st.kind === 'dir' : vfs.policy.permits(st, caller, 1);
    default:
      // -b, -c, -p, -S: the lab's trees hold no devices, pipes or sockets.
      return false;
  }
}

function binary(left: string, op: string, right: string): boolean {
  switch (op) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '-eq':
      return integer(left) === integer(right);
    case '-ne':
      return integer(left) !== integer(right);
    case '-lt':
      return integer(left) < integer(right);
    case '-le':
      return integer(left) <= integer(right);
    case '-gt':
      return integer(left) > integer(right);
    default:
      return integer(left) >= integer(right);
  }
}

function evaluate(run: CommandRun, args: string[]): boolean {
  const [a = '', b = '', c = ''] = args;
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return a !== '';
    case 2:
      if (a === '!') return b === '';
      if (UNARY.has(a)) return unary(run, a, b);
      throw new TestError(`${a}: unexpected operator`);
    case 3:
      if (BINARY.has(b)) return binary(a, b, c);
      if (a === '!') return !evaluate(run, args.slice(1));
      throw new TestError(`${b}: unexpected operator`);
    case 4:
      if (a === '!') return !evaluate(run, args.slice(1));
      throw new TestError('-a and -o are not emulated by the lab');
    default:
      throw new TestError('-a, -o and ( ) are not emulated by the lab');
  }
}

/** `test EXPR` and `[ EXPR ]`: 0 true, 1 false, 2 on a usage error. */
export const testCmd: CommandImpl = (run) => {
  let args = [...run.args];
  const bracket = run.name === '[' || run.name.endsWith('/[');
  if (bracket) {
    if (args[args.length - 1] !== ']') {
      run.io.stderr.write('sh: 1: [: missing ]\n');
      return Promise.resolve(2);
    }
    args = args.slice(0, -1);
  }
  try {
    return Promise.resolve(evaluate(run, args) ? 0 : 1);
  } catch (error) {
    if (!(error instanceof TestError)) throw error;
    run.io.stderr.write(`sh: 1: ${bracket ? '[' : 'test'}: ${error.message}\n`);
    return Promise.resolve(2);
  }
};
