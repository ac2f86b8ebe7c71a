// Child process of flood-rss.test.ts: runs the engine against a flooding lab host and prints what
// happened and its own memory, so the number measured is the engine's, not the test runner's.
import { EventHub } from '../../../engine/api/event-hub.js';
import { PromptBroker } from '../../../engine/api/prompt-broker.js';
import { openDialect } from '../../../engine/hosts/dialect/index.js';
import { openSession } from '../../../engine/ssh/session/index.js';
import type { OutputCaps } from '../../../engine/ssh/session/index.js';
import { MemoryTranscript } from '../../../engine/ssh/transcript/memory-transcript.js';
import { Redactor } from '../../../engine/ssh/transcript/redactor.js';

/** What the parent passes as argv[2] (JSON). */
interface ChildInput {
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The host's raw public key, base64: anything else is refused. */
  readonly hostKey: string;
  /** Session caps to use instead of the defaults (a control run lifts them to see the measure move). */
  readonly caps?: Partial<OutputCaps>;
}

/** One engine call and how it ended. */
interface CallOutcome {
  readonly call: string;
  readonly ms: number;
  readonly code?: string;
  readonly message?: string;
  readonly limitBytes?: number;
  readonly receivedBytes?: number;
  /** Bytes of output when the call (wrongly) succeeded. */
  readonly succeededWithBytes?: number;
}

async function outcomeOf(call: string, work: () => Promise<number>): Promise<CallOutcome> {
  const started = Date.now();
  try {
    const bytes = await work();
    return { call, ms: Date.now() - started, succeededWithBytes: bytes };
  } catch (error) {
    const { code, message, limitBytes, receivedBytes } = error as {
      code?: string;
      message?: string;
      limitBytes?: number;
      receivedBytes?: number;
    };
    return {
      call,
      ms: Date.now() - started,
      ...(code ? { code } : {}),
      ...(message ? { message } : {}),
      ...(limitBytes ? { limitBytes } : {}),
      ...(receivedBytes ? { receivedBytes } : {}),
    };
  }
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
  const hub = new EventHub();
  const broker = new PromptBroker(hub, 10_000);
  hub.subscribe((event) => {
    if (event.name === 'prompt') broker.answer(event.payload.promptId, { kind: 'password', secret: input.password });
  });
  const redactor = new Redactor();
  const expected = Buffer.from(input.hostKey, 'base64');
  const session = await openSession(
    { instance: 'flooded', host: input.address, port: input.port, user: input.user, auth: { method: 'password' } },
    {
      verifyHostKey: (_host, _port, key) => Promise.resolve(key.equals(expected)),
      ask: broker.ask.bind(broker),
      transcript: new MemoryTranscript(redactor),
      redactor,
      timeouts: { readyMs: 10_000, commandMs: 30_000, closeGraceMs: 1_000 },
      ...(input.caps ? { caps: input.caps } : {}),
    },
  );
  const baselineRss = process.memoryUsage().rss;
  let sampledPeak = baselineRss;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 5);
  const outcomes: CallOutcome[] = [];
  // The product's first call on a host (the OS probe), then a plain command, three times each.
  for (let round = 0; round < 3; round += 1) {
    outcomes.push(await outcomeOf('openDialect', async () => (await openDialect(session, { expectedOs: 'linux' }), 0)));
    outcomes.push(
      await outcomeOf('exec', async () => (await session.exec('cat /opt/kaspersky/ktfs/etc/kl_feed_service.conf')).stdout.length),
    );
  }
  clearInterval(sampler);
  const endRss = process.memoryUsage().rss;
  await session.close();
  // maxRSS (KiB) is the kernel's high-water mark: it catches a peak between two samples.
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ outcomes, baselineRss, sampledPeak: Math.max(sampledPeak, endRss), maxRss })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`flood-rss-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
