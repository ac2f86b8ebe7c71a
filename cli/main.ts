import { projectJsonSchema } from '../shared/project/json-schema.js';
import { toolVersion } from '../engine/app/version.js';
import { USAGE } from './commands/help.js';
import { runCheck } from './commands/check.js';
import { runDemo } from './commands/demo.js';
import { runHostkeys } from './commands/hostkeys.js';
import { runLab } from './commands/lab/lab-command.js';
import { runUi } from './commands/ui.js';
import { runApply } from './commands/apply.js';
import { runPlan } from './commands/plan.js';
import { runReport } from './commands/report.js';
import { runVerifyReport } from './commands/verify-report.js';
import { runAudit } from './commands/audit.js';
import { runBalancer } from './commands/balancer.js';
import { runProbe } from './commands/probe.js';
import { runSpotCheck } from './commands/spot-check.js';
import { UsageError } from './commands/usage-error.js';
import { runValidate } from './commands/validate.js';
import { err, out } from './output.js';

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
        out(toolVersion());
        return 0;
      case 'ui':
        return await runUi(rest);
      case 'check':
        return await runCheck(rest);
      case 'hostkeys':
        return await runHostkeys(rest);
      case 'demo':
        return await runDemo(rest);
      case 'lab':
        return await runLab(rest);
      case 'audit':
        return await runAudit(rest);
      case 'balancer':
        return await runBalancer(rest);
      case 'plan':
        return await runPlan(rest);
      case 'apply':
        return await runApply(rest);
      case 'probe':
        return await runProbe(rest);
      case 'spot-check':
        return await runSpotCheck(rest);
      case 'report':
        return await runReport(rest);
      case 'verify-report':
        return await runVerifyReport(rest);
      case 'validate':
        return await runValidate(rest);
      case 'schema':
        out(JSON.stringify(projectJsonSchema(), null, 2));
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
