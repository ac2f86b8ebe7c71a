import { createServer, type Server } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { loadConfigFile } from './config-file.js';
import { resolveHttpServerSettings } from './http-server-settings.js';
import { MAX_EVENT_BYTES } from './line-splitter.js';
import { createOutputForwarder } from './output-forwarder.js';
import { DEFAULT_LAB_DATA_FILE } from './rest-lab-data.js';
import { startRestServer, type RunningRestServer } from './rest-server.js';
import { sendServiceAlert } from './service-alerts.js';
import { createSession, type Session } from './session.js';
import { createMemoryLog, type SimLog } from './sim-log.js';
import type { FeedServiceConfig } from './feed-config.js';

/** How to start a simulated feed service in this process. */
export interface FeedServiceOptions {
  /** kl_feed_service.conf; a relative path resolves from binDir, as the real binary resolves from its own folder. */
  readonly configPath: string;
  readonly binDir?: string;
  /** Lab only: listen on this IP instead of the one in InputSettings/ConnectionString. */
  readonly bindAddress?: string;
  /** Time "loading feeds": connections are accepted but not read until it has passed. Default 1000. */
  readonly readyDelayMs?: number;
  /** Lab fault refuse-start: the config's expected SHA-256. */
  readonly refuseIfConfigChangedFrom?: string;
  /** Default: an in-memory log. */
  readonly log?: SimLog;
  /** Bound on sending one service alert. Default 2000. */
  readonly alertTimeoutMs?: number;
  /** Lab only: also serve the REST lookup over HTTPS (off unless given; docs/LAB-SIMULATOR.md). */
  readonly rest?: RestOptions;
}

/** The lab's REST endpoint: where it listens and where its users and supplier lists are. */
export interface RestOptions {
  /** Replaces the port of HTTPServer/ConnectionString (443 needs root); 0 lets the OS pick. */
  readonly port?: number;
  /** The lab data file; relative paths resolve from binDir. Default `../httpsrv/lab_rest.json`. */
  readonly dataFile?: string;
  /** The lab launcher's default REST: when it cannot start (no certificate pair, port taken), warn and run without it. */
  readonly optional?: boolean;
}

/** A started service: bound, maybe not ready yet. */
export interface RunningFeedService {
  readonly address: string;
  readonly port: number;
  /** The REST endpoint's port when `rest` was given. */
  readonly restPort: number | undefined;
  /** Resolves once feeds are "loaded" and KL_ALERT_ServiceStarted was sent; rejects if stopped first. */
  readonly ready: Promise<void>;
  /** Closes the listener and every connection, then sends KL_ALERT_ServiceStopped if it had started. */
  stop(): Promise<void>;
}

// Each connection holds one session; the cap bounds memory however many clients connect.
const MAX_CONNECTIONS = 256;

/** Loads the config (throwing ConfigError on refusal), binds the input port, and becomes ready after the delay. */
export async function startFeedService(options: FeedServiceOptions): Promise<RunningFeedService> {
  const log = options.log ?? createMemoryLog();
  const configPath = isAbsolute(options.configPath) ? options.configPath : resolve(options.binDir ?? process.cwd(), options.configPath);
  const config = await loadConfigFile(configPath, { refuseIfChangedFrom: options.refuseIfConfigChangedFrom });
  for (const warning of config.warnings) log.warn(warning);
  const host = options.bindAddress ?? config.input.host;
  // Connects on first use only, so creating it before a bind that may fail costs nothing.
  const forwarder = createOutputForwarder(config.output, log, options.bindAddress);
  const sessions = new Set<Session>();
  let isReady = false;
  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (socket) => {
    const session = createSession(socket, { config, forwarder, log, maxLineBytes: MAX_EVENT_BYTES });
    sessions.add(session);
    socket.once('close', () => sessions.delete(session));
    if (isReady) session.activate();
  });
  server.maxConnections = MAX_CONNECTIONS;
  const port = await listen(server, host, config.input.port);
  server.on('error', (error) => log.error(`listener: ${error.message}`));
  log.info(`listening on ${host}:${port} (${config.layout} layout, tenant ${config.tenant}); loading feeds`);
  let rest: RunningRestServer | undefined;
  try {
    rest = options.rest === undefined ? undefined : await startRest(options, options.rest, config, log, () => isReady);
  } catch (error) {
    if (options.rest?.optional === true) {
      // The lab's default REST (lab-rest.ts): a tree without the web certificate still runs its service, as before.
      log.warn(`no REST endpoint: ${error instanceof Error ? error.message : String(error)}`);
    } else {
      await new Promise<void>((done) => server.close(() => done()));
      throw error;
    }
  }
  const alertOptions = { timeoutMs: options.alertTimeoutMs ?? 2000, localAddress: options.bindAddress, log };

  let timer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    timer = setTimeout(() => {
      timer = undefined;
      void sendServiceAlert(config, 'KL_ALERT_ServiceStarted', alertOptions).then(() => {
        if (stopping !== undefined) return rejectReady(new Error('the service was stopped before it became ready'));
        isReady = true;
        for (const session of sessions) session.activate();
        log.info('ready: feeds loaded, accepting events');
        resolveReady();
      });
    }, options.readyDelayMs ?? 1000);
    server.once('close', () => rejectReady(new Error('the service was stopped before it became ready')));
  });
  // A caller that never awaits `ready` must not see an unhandled rejection when stopping early.
  ready.catch(() => undefined);

  const stop = async (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    const closed = new Promise<void>((done) => server.close(() => done()));
    for (const session of sessions) session.close();
    await Promise.all([closed, rest?.close()]);
    forwarder.close();
    if (isReady) await sendServiceAlert(config, 'KL_ALERT_ServiceStopped', alertOptions);
    log.info('stopped');
  };
  return {
    address: host,
    port,
    restPort: rest?.port,
    ready,
    stop: () => (stopping ??= stop()),
  };
}

function startRest(
  options: FeedServiceOptions,
  restOptions: RestOptions,
  config: FeedServiceConfig,
  log: SimLog,
  isReady: () => boolean,
): Promise<RunningRestServer> {
  const binDir = options.binDir ?? process.cwd();
  const settings = resolveHttpServerSettings(config.httpServer, binDir);
  return startRestServer({
    settings,
    host: options.bindAddress ?? settings.endpoint.host,
    port: restOptions.port ?? settings.endpoint.port,
    layout: config.layout,
    tenant: config.tenant,
    dataFile: resolve(binDir, restOptions.dataFile ?? DEFAULT_LAB_DATA_FILE),
    log,
    isReady,
  });
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolveListen, rejectListen) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      rejectListen(new Error(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`)),
    );
    server.listen({ host, port }, () => {
      const address = server.address();
      resolveListen(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
