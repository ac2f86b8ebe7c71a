// Values that no quoting can carry into a remote command line. These are refusals, not bugs to
// work around: the caller must send such data another way (SFTP, stdin).

/** NUL cannot be passed in a command line: exec(2) and CreateProcess end every argument at the first NUL. */
export class NulInCommandLineError extends Error {
  constructor(readonly index: number) {
    super(`NUL cannot be passed in a command line (NUL character at index ${index}); send such data through SFTP or stdin`);
    this.name = 'NulInCommandLineError';
  }
}

/** A lone UTF-16 surrogate has no UTF-8 form: ssh2 would silently send U+FFFD instead of the value. */
export class UnencodableTextError extends Error {
  constructor(readonly index: number) {
    super(`the value holds a lone UTF-16 surrogate at index ${index}, which cannot be sent as UTF-8`);
    this.name = 'UnencodableTextError';
  }
}

/** The finished command line is longer than the remote side accepts. */
export class CommandTooLongError extends Error {
  constructor(
    readonly length: number,
    readonly limit: number,
    readonly unit: 'bytes' | 'characters',
  ) {
    super(`the command line is ${length} ${unit}, over the limit of ${limit}; send large data through SFTP or stdin`);
    this.name = 'CommandTooLongError';
  }
}

/** An argument a native Windows program cannot receive intact through PowerShell 5.1 and cmd.exe. */
export class UnsafeNativeArgumentError extends Error {
  constructor(
    readonly value: string,
    reason: string,
  ) {
    super(`cannot pass ${JSON.stringify(value)} to a native program: ${reason}; pass data through a PowerShell cmdlet instead`);
    this.name = 'UnsafeNativeArgumentError';
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws unless the value can travel in a command line: no NUL, valid Unicode. */
export function assertCommandLineText(value: string): void {
  const nul = value.indexOf('\0');
  if (nul !== -1) throw new NulInCommandLineError(nul);
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) throw new UnencodableTextError(surrogate.index);
}
