// A minimal ssh2 server whose behaviour a test dictates: unusual keyboard-interactive prompts,
// commands that never end, channels always refused. The emulated lab hosts cannot misbehave this way.
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, Prompt, ServerChannel } from 'ssh2';
import { rejectLikeOpenSsh } from '../../../lab/emulated/ssh2-internals.js';
import { HOST_KEY, PASSWORD, USER } from './helpers.js';

const { Server } = ssh2;

/** What the scripted server does. */
export interface ScriptedOptions {
  readonly address: string;
  /** Keyboard-interactive rounds: each round's prompts; login succeeds when every round is answered. */
  readonly kbdRounds?: Prompt[][];
  /** Answers each round must get (checked when given); a wrong one fails the login as a PAM server would. */
  readonly kbdExpected?: string[][];
  /** Each round's name and instructions (RFC 4256), when given. */
  readonly kbdTexts?: { readonly name: string; readonly instructions: string }[];
  /** Keyboard-interactive answers received, per round (what the client sent). */
  readonly received?: string[][];
  /** Refuse every session channel like OpenSSH past MaxSessions. */
  readonly refuseSessions?: boolean;
  /** Session channel opens: confirmed at once (default), never (`never`), or after `delayMs`. */
  readonly sessionOpen?: 'accept' | 'never' | { readonly delayMs: number };
  /** How to answer an exec: `hang` never answers; otherwise exit 0 after echoing the command. */
  readonly exec?: 'hang' | 'echo';
}

/** A running scripted server. */
export interface ScriptedServer {
  readonly port: number;
  /** Session channels refused so far. */
  readonly refused: () => number;
  /** Commands received so far. */
  readonly commands: string[];
  /** Channels the server saw closed by the client. */
  readonly closedChannels: () => number;
  stop(): Promise<void>;
}

/** Starts the scripted server on `address`, any free port. */
export async function startScriptedServer(options: ScriptedOptions): Promise<ScriptedServer> {
  let refused = 0;
  let closedChannels = 0;
  const commands: string[] = [];
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [HOST_KEY.private] }, (connection) => {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
    connection.on('error', () => undefined);
    connection.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === USER && ctx.password === PASSWORD) return ctx.accept();
      if (ctx.method !== 'keyboard-interactive' || !options.kbdRounds)
        return ctx.reject(options.kbdRounds ? ['keyboard-interactive'] : ['password']);
      const rounds = [...options.kbdRounds];
      let index = 0;
      const ask = (): void => {
        const prompts = rounds.shift();
        if (!prompts) return ctx.accept();
        const at = index++;
        const expected = options.kbdExpected?.[at];
        const texts = options.kbdTexts?.[at];
        const check = (answers: string[]): void => {
          options.received?.push(answers);
          if (answers.length !== prompts.length || (expected && answers.some((answer, i) => answer !== expected[i])))
            return ctx.reject(['keyboard-interactive']);
          ask();
        };
        if (texts) ctx.prompt(prompts, texts.name, texts.instructions, check);
        else ctx.prompt(prompts, check);
      };
      ask();
    });
    connection.on('ready', () => {
      connection.on('session', (accept, reject) => {
        if (options.refuseSessions) {
          refused += 1;
          return rejectLikeOpenSsh(connection, reject);
        }
        // A host that stops answering between authentication and the channel confirmation.
        if (options.sessionOpen === 'never') return;
        if (typeof options.sessionOpen === 'object') {
          setTimeout(() => serve(accept), options.sessionOpen.delayMs);
          return;
        }
        serve(accept);
      });
      const serve = (accept: () => ssh2.Session): void => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          commands.push(info.command);
          const channel: ServerChannel = acceptExec();
          channel.on('close', () => (closedChannels += 1));
          channel.on('error', () => undefined);
          // ssh2 emits a server channel's 'close' only after its input ended: keep it flowing.
          channel.resume();
          if (options.exec === 'hang') return;
          channel.write(info.command);
          channel.exit(0);
          channel.end();
        });
      };
    });
  });
  await new Promise<void>((resolve) => server.listen(0, options.address, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    refused: () => refused,
    commands,
    closedChannels: () => closedChannels,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) connection.end();
        server.close(() => resolve());
      }),
  };
}
