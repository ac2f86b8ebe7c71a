import { USAGE } from './commands/help.js';
import { UsageError } from './commands/usage-error.js';
import { err, out } from './output.js';

// Each command is imported when it runs (esbuild splits them into chunks), so `ctha --version` or
// `ctha validate` never load ssh2, pdf-lib or node-forge: a fast start (docs/BENCHMARKS.md, bench:start).

// The built CLI carries package.json's version (build/build.mjs defines it), so --version loads no engine;
// run from source (the tests), the engine's toolVersion() reads the same field.
declare const __CTHA_VERSION__: string | undefined;

/** Runs one `ctha` command line and resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out(USAGE);
        return 0;
      case '--version':
      case '-v':
        out(typeof __CTHA_VERSION__ === 'string' ? __CTHA_VERSION__ : (await import('../engine/api/create-engine.js')).toolVersion());
        return 0;
      case 'ui':
        return await (await import('./commands/ui.js')).runUi(rest);
      case 'check':
        return await (await import('./commands/check.js')).runCheck(rest);
      case 'hostkeys':
        return await (await import('./commands/hostkeys.js')).runHostkeys(rest);
      case 'demo':
        return await (await import('./commands/demo.js')).runDemo(rest);
      case 'lab':
        return await (await import('./commands/lab/lab-command.js')).runLab(rest);
      case 'audit':
        return await (await import('./commands/audit.js')).runAudit(rest);
      case 'balancer':
        return await (await import('./commands/balancer.js')).runBalancer(rest);
      case 'plan':
        return await (await import('./commands/plan.js')).runPlan(rest);
      case 'apply':
        return await (await import('./commands/apply.js')).runApply(rest);
      case 'probe':
        return await (await import('./commands/probe.js')).runProbe(rest);
      case 'spot-check':
        return await (await import('./commands/spot-check.js')).runSpotCheck(rest);
      case 'report':
        return await (await import('./commands/report.js')).runReport(rest);
      case 'verify-report':
        return await (await import('./commands/verify-report.js')).runVerifyReport(rest);
      case 'validate':
        return await (await import('./commands/validate.js')).runValidate(rest);
      case 'schema':
        out(JSON.stringify((await import('../shared/project/json-schema.js')).projectJsonSchema(), null, 2));
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      err(`ctha: ${error.message}\nRun "ctha --help" for usage.`);
      return 1;
    }
    err(`ctha: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
