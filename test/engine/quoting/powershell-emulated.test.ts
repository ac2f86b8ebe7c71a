// psQuote and encodedPowerShell against the lab's emulated Windows host (cmd.exe default shell,
// powershell.exe subset): what the engine will send is what the host runs.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodedPowerShell } from '../../../engine/hosts/quoting/encoded-powershell.js';
import { CommandTooLongError } from '../../../engine/hosts/quoting/errors.js';
import { psNativeCall, psQuote } from '../../../engine/hosts/quoting/powershell.js';
import type { TestHost } from '../../lab/emulated/helpers.js';
import { connect, exec, startTestHost } from '../../lab/emulated/helpers.js';
import { HOSTILE_CORPUS, holdsNul, WINDOWS_CANARY, WINDOWS_VICTIM } from './hostile-corpus.js';

const DIR = 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace';
const writeOutput = (value: string): string => encodedPowerShell(`Write-Output ${psQuote(value)}`);
const fits = (value: string): boolean => {
  try {
    writeOutput(value);
    return true;
  } catch (error) {
    if (error instanceof CommandTooLongError) return false;
    throw error;
  }
};
const quotable = HOSTILE_CORPUS.filter((entry) => !holdsNul(entry));

describe('encodedPowerShell + psQuote on an emulated Windows host', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;

  beforeAll(async () => {
    test = await startTestHost({ os: 'windows', version: '4.1', address: '127.0.0.32', files: { [WINDOWS_VICTIM]: 'alive' } });
    client = await connect(test);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it.each(quotable.filter((entry) => fits(entry.value)).map((entry) => [entry.label, entry.value] as const))(
    'Write-Output <%s> prints exactly the value, with no side effect',
    async (_label, value) => {
      const result = await exec(client, writeOutput(value));
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdoutBytes.equals(Buffer.from(`${value}\r\n`, 'utf8'))).toBe(true);
      expect(existsSync(test.local(WINDOWS_CANARY))).toBe(false);
      expect(existsSync(test.local(WINDOWS_VICTIM))).toBe(true);
    },
  );

  it('refuses, before sending, the values too long for a cmd.exe command line', () => {
    const tooLong = quotable.filter((entry) => !fits(entry.value));
    expect(tooLong.map((entry) => entry.label)).toEqual([expect.stringMatching(/^very long mixed/) as unknown]);
  });

  it('runs kl_control.bat through psNativeCall and exits with its exit code', async () => {
    expect(await exec(client, encodedPowerShell(psNativeCall(`${DIR}\\bin\\kl_control.bat`, ['status'])))).toMatchObject({ code: 0 });
    test.service.state = 'inactive';
    // net.exe's failure code, passed through $LASTEXITCODE.
    expect(await exec(client, encodedPowerShell(psNativeCall(`${DIR}\\bin\\kl_control.bat`, ['stop'])))).toMatchObject({ code: 2 });
    test.service.state = 'active';
  });

  it('fails, thanks to the preamble, when the native program is missing', async () => {
    const result = await exec(client, encodedPowerShell(psNativeCall(`${DIR}\\bin\\missing.bat`, ['stop'])));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('is not recognized');
  });
});
