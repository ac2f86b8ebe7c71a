import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFeedService, type FeedServiceOptions, type RunningFeedService } from '../../../lab/simulator/feed-service.js';
import { createMemoryLog } from '../../../lab/simulator/sim-log.js';

/** Config layouts with a fixture file in ./fixtures. */
export type FixtureLayout = '4x' | '5x';

/** Values substituted into a fixture's `{{NAME}}` slots. */
export interface FixtureValues {
  readonly input?: string;
  readonly output?: string;
  readonly alert?: string;
  readonly alerts?: boolean;
  readonly finished?: boolean;
}

/** The fixture's text with its slots filled; by default alerts and finished events are off. */
export function fixtureText(layout: FixtureLayout, values: FixtureValues = {}): string {
  const template = readFileSync(fileURLToPath(new URL(`./fixtures/service-${layout}.conf`, import.meta.url)), 'utf8');
  const slots: Record<string, string> = {
    INPUT: values.input ?? '127.0.0.1:0',
    // Port 9 (discard) on loopback: nothing listens, so output without ReplyBack is refused.
    OUTPUT: values.output ?? '127.0.0.1:9',
    ALERT: values.alert ?? '127.0.0.1:9',
    ALERTS: String(values.alerts ?? false),
    FINISHED: String(values.finished ?? false),
  };
  return template.replace(/\{\{([A-Z]+)\}\}/g, (_whole, name: string) => slots[name] ?? '');
}

/** Writes a config into a fresh temp folder and returns its path. */
export async function writeConfig(text: string | Uint8Array, name = 'kl_feed_service.conf'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ctha-sim-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** Starts services for a test file and stops every one of them afterwards. */
export function serviceTracker(): {
  start(
    configText: string,
    options?: Partial<FeedServiceOptions>,
  ): Promise<RunningFeedService & { log: ReturnType<typeof createMemoryLog> }>;
  stopAll(): Promise<void>;
} {
  const running: RunningFeedService[] = [];
  return {
    async start(configText, options = {}) {
      const log = createMemoryLog();
      const service = await startFeedService({ configPath: await writeConfig(configText), readyDelayMs: 0, log, ...options });
      running.push(service);
      return Object.assign(service, { log });
    },
    async stopAll() {
      await Promise.all(running.splice(0).map((service) => service.stop()));
    },
  };
}
