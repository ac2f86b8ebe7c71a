// Standard input of an emulated command: the exec channel's data, a pipe's bytes, or a file.

/** What a command reads from: line by line (sudo -S) or everything until EOF (cat, sha256sum -). */
export interface InputSource {
  /** The next line without its `\n`, or null at EOF. */
  readLine(): Promise<string | null>;
  /** Everything left until EOF. */
  readAll(): Promise<Buffer>;
}

/** Fixed bytes as input (pipes, `< file`, /dev/null). */
export class BufferInput implements InputSource {
  private rest: Buffer;

  constructor(data: Buffer = Buffer.alloc(0)) {
    this.rest = data;
  }

  readLine(): Promise<string | null> {
    if (this.rest.length === 0) return Promise.resolve(null);
    const cut = this.rest.indexOf(0x0a);
    const end = cut === -1 ? this.rest.length : cut;
    const line = this.rest.subarray(0, end).toString('utf8');
    this.rest = this.rest.subarray(cut === -1 ? end : end + 1);
    return Promise.resolve(line);
  }

  readAll(): Promise<Buffer> {
    const all = this.rest;
    this.rest = Buffer.alloc(0);
    return Promise.resolve(all);
  }
}

/** The exec channel's stdin: data arrives over time; EOF is the client's channel EOF (or a close). */
export class ChannelInput implements InputSource {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private waiters: (() => void)[] = [];

  /** Adds bytes the client sent. */
  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.wake();
  }

  /** Marks EOF (client EOF, channel close or connection loss). */
  end(): void {
    this.ended = true;
    this.wake();
  }

  async readLine(): Promise<string | null> {
    while (!this.ended && !this.buffer.includes(0x0a)) await this.wait();
    const tail = new BufferInput(this.buffer);
    const line = await tail.readLine();
    this.buffer = await tail.readAll();
    return line;
  }

  async readAll(): Promise<Buffer> {
    while (!this.ended) await this.wait();
    const all = this.buffer;
    this.buffer = Buffer.alloc(0);
    return all;
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
