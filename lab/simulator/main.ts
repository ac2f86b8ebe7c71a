// Entry point of the kl_feed_service stand-in (bundled as dist/lab/kl_feed_service.js).
// Exit codes: 0 stopped by SIGTERM/SIGINT, 1 refused to start or failed, 2 bad command line.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseCliArgs, UsageError, USAGE, versionLine, type RunOptions } from './cli-args.js';
import { startFeedService } from './feed-service.js';
import { createSimLog, type SimLog } from './sim-log.js';

/** Runs the simulator until a stop signal; resolves with the process exit code. */
async function runFeedServiceCli(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`kl_feed_service: ${error.message}\n${USAGE}`);
    return 2;
  }
  switch (command.kind) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'version':
      process.stdout.write(`${versionLine(command.version)}\n`);
      return 0;
    case 'run':
      return run(command.options);
  }
}

async function run(options: RunOptions): Promise<number> {
  const log = createSimLog(options.logFile);
  process.on('uncaughtException', (error) => {
    log.error(`fatal: ${error.stack ?? error.message}`);
    process.exit(1);
  });
  // The pid goes down first, like a daemon's; a refusal leaves it behind, so a stale pid file
  // means "died without being stopped" to the service controller (status failed).
  if (options.pidFile !== undefined) {
    mkdirSync(dirname(options.pidFile), { recursive: true });
    writeFileSync(options.pidFile, `${process.pid}\n`);
  }
  log.info(`starting (pid ${process.pid}, config ${options.configPath})${options.watchdog ? '; -w given, no watchdog is simulated' : ''}`);
  let service;
  try {
    service = await startFeedService({ ...options, log });
  } catch (error) {
    log.error(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
    log.close();
    return 1;
  }
  const running = service;
  return new Promise<number>((resolveExit) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      log.info(`${signal}: stopping`);
      void running.stop().then(() => {
        if (options.pidFile !== undefined) rmSync(options.pidFile, { force: true });
        closeLog(log);
        resolveExit(0);
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}

function closeLog(log: SimLog): void {
  log.info('exiting');
  log.close();
}

// process.exit, not exitCode: a receiver that keeps an alert socket open must not keep us alive.
process.exit(await runFeedServiceCli(process.argv.slice(2)));
