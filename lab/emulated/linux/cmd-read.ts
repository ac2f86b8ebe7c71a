// Commands that read file contents: cat, base64, sha256sum, head -c, wc -c/-l, tee.
import { createHash } from 'node:crypto';
import { ConnectionDropped, VfsError } from '../fs/errors.js';
import { openWrite } from '../fs/write-file.js';
import type { CommandImpl, CommandRun } from './kit.js';
import { callerOf, fail, out, parseFlags, pathOf, q, reason, vfsOf } from './kit.js';

/** Reads an operand (`-` is stdin) as the command's identity. */
async function readOperand(run: CommandRun, operand: string): Promise<Buffer> {
  if (operand === '-') return run.io.stdin.readAll();
  return vfsOf(run).readFile(pathOf(run, operand), callerOf(run));
}

/** `cat [FILE|-]...` */
export const catCmd: CommandImpl = async (run) => {
  const { operands, bad } = parseFlags(run.args, '');
  if (bad !== undefined) return fail(run, `invalid option -- '${bad}' (no cat options are emulated)`);
  let status = 0;
  for (const operand of operands.length ? operands : ['-']) {
    try {
      out(run, await readOperand(run, operand));
    } catch (error) {
      status = fail(run, `${operand}: ${reason(error)}`);
    }
  }
  return status;
};

/** `sha256sum [FILE|-]...` in GNU's `HASH  NAME` form (names with `\` or newline escaped). */
export const sha256sumCmd: CommandImpl = async (run) => {
  const { operands, bad } = parseFlags(run.args, 'bt');
  if (bad !== undefined) return fail(run, `invalid option -- '${bad}' (only -b and -t are emulated)`);
  let status = 0;
  for (const operand of operands.length ? operands : ['-']) {
    try {
      const hash = createHash('sha256')
        .update(await readOperand(run, operand))
        .digest('hex');
      const escaped = /[\\\n]/.test(operand);
      const name = escaped ? operand.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : operand;
      out(run, `${escaped ? '\\' : ''}${hash}  ${name}\n`);
    } catch (error) {
      status = fail(run, `${operand}: ${reason(error)}`);
    }
  }
  return status;
};

/** `head -c N [FILE]` (bytes only; `-c N`, `-cN`, `--bytes=N`). */
export const headCmd: CommandImpl = async (run) => {
  let count: number | undefined;
  const operands: string[] = [];
  for (let i = 0; i < run.args.length; i++) {
    const arg = run.args[i] ?? '';
    const inline = /^(?:-c|--bytes=)(.+)$/.exec(arg);
    if (arg === '-c') count = Number(run.args[++i]);
    else if (inline) count = Number(inline[1]);
    else if (arg.startsWith('-') && arg !== '-') return fail(run, `${arg}: only -c is emulated`);
    else operands.push(arg);
  }
  if (count === undefined || !Number.isInteger(count) || count < 0) return fail(run, 'only head -c N (N >= 0) is emulated');
  if (operands.length > 1) return fail(run, 'only one file is emulated');
  const operand = operands[0] ?? '-';
  try {
    out(run, (await readOperand(run, operand)).subarray(0, count));
    return 0;
  } catch (error) {
    return fail(run, `cannot open ${q(operand)} for reading: ${reason(error)}`);
  }
};

/** `wc -c|-l [FILE]` */
export const wcCmd: CommandImpl = async (run) => {
  const { flags, operands, bad } = parseFlags(run.args, 'cl');
  if (bad !== undefined || flags.size !== 1 || operands.length > 1)
    return fail(run, 'only wc -c or wc -l on one file or stdin is emulated');
  const operand = operands[0];
  try {
    const data = await readOperand(run, operand ?? '-');
    const count = flags.has('c') ? data.length : data.filter((byte) => byte === 0x0a).length;
    out(run, operand === undefined ? `${count}\n` : `${count} ${operand}\n`);
    return 0;
  } catch (error) {
    return fail(run, `${operand ?? '-'}: ${reason(error)}`);
  }
};

/** `tee [-a] FILE...`: stdin to stdout and to each file (write faults apply to the files). */
export const teeCmd: CommandImpl = async (run) => {
  const { flags, operands, bad } = parseFlags(run.args, 'a');
  if (bad !== undefined) return fail(run, `invalid option -- '${bad}' (only -a is emulated)`);
  const files = [];
  let status = 0;
  for (const operand of operands) {
    try {
      files.push({
        operand,
        file: openWrite(vfsOf(run), pathOf(run, operand), callerOf(run), {
          create: true,
          truncate: !flags.has('a'),
          append: flags.has('a'),
        }),
      });
    } catch (error) {
      status = fail(run, `${operand}: ${reason(error)}`);
    }
  }
  const data = await run.io.stdin.readAll();
  out(run, data);
  for (const { operand, file } of files) {
    try {
      file.write(data, null);
    } catch (error) {
      if (error instanceof ConnectionDropped || !(error instanceof VfsError)) throw error;
      status = fail(run, `${operand}: ${error.text}`);
    } finally {
      file.close();
    }
  }
  return status;
};

/** `base64 [-w COLS | --wrap=COLS] [--] [FILE|-]`: GNU's encoding, lines of 76 columns unless told (0: one line). */
export const base64Cmd: CommandImpl = async (run) => {
  let wrap = 76;
  const operands: string[] = [];
  let options = true;
  for (let i = 0; i < run.args.length; i++) {
    const arg = run.args[i] ?? '';
    const inline = /^(?:-w|--wrap=)(\d+)$/.exec(arg);
    if (options && arg === '--') options = false;
    else if (options && arg === '-w') wrap = Number(run.args[++i] ?? 'x');
    else if (options && inline) wrap = Number(inline[1]);
    else if (options && arg.startsWith('-') && arg !== '-') return fail(run, `${arg}: only -w COLS is emulated (no decoding)`);
    else operands.push(arg);
  }
  if (!Number.isInteger(wrap) || wrap < 0) return fail(run, 'invalid wrap size');
  if (operands.length > 1) return fail(run, `extra operand ${q(operands[1] ?? '')}`);
  let bytes: Buffer;
  try {
    bytes = await readOperand(run, operands[0] ?? '-');
  } catch (error) {
    return fail(run, `${operands[0] ?? '-'}: ${reason(error)}`);
  }
  const text = bytes.toString('base64');
  if (text === '') return 0;
  const lines = wrap === 0 ? [text] : (text.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? []);
  out(run, `${lines.join('\n')}\n`);
  return 0;
};
