// gather on Windows: one encoded PowerShell script that prints every wanted file, and every matching
// file of every wanted folder, as base64 ([IO.File]::ReadAllBytes + [Convert]::ToBase64String)
// between marker lines. Windows needs no escalation: the session's token is all there is.
import { HostError, stderrText } from '../dialect/errors.js';
import type { CheckedGather, ParsedGather } from '../dialect/gather-output.js';
import { GATHER_MARK, gatherMarker, parseGatherOutput } from '../dialect/gather-output.js';
import type { CallOptions } from '../dialect/types.js';
import { psQuote } from '../quoting/powershell.js';
import type { WindowsCommands } from './windows-commands.js';
import { firstErrorLine, outputLines } from './windows-commands.js';

// The exception message on the marker line: one line, whatever .NET put in it.
const FAIL_DETAIL = '$_.Exception.Message.Replace("`r", \' \').Replace("`n", \' \')';

function filesPart(files: readonly string[]): string {
  if (files.length === 0) return '';
  return [
    '$ctha_i = 0',
    `foreach ($ctha_p in @(${files.map(psQuote).join(', ')})) {`,
    '  try {',
    "    if (Test-Path -LiteralPath $ctha_p -PathType Leaf) { $ctha_b = [Convert]::ToBase64String([IO.File]::ReadAllBytes($ctha_p)); Write-Output ('#ctha file f' + $ctha_i); Write-Output $ctha_b }",
    "    elseif (Test-Path -LiteralPath $ctha_p) { Write-Output ('#ctha notfile f' + $ctha_i) }",
    "    else { Write-Output ('#ctha missing f' + $ctha_i) }",
    `  } catch { Write-Output ('#ctha fail f' + $ctha_i + ' ' + ${FAIL_DETAIL}) }`,
    '  $ctha_i = $ctha_i + 1',
    '}',
  ].join('\n');
}

// Windows names are case-insensitive, so the suffix is too (`A.KEY` ends with `.key`).
function dirPart(id: string, path: string, suffix: string): string {
  const mark = (word: 'dir' | 'entry' | 'data' | 'notdir' | 'nodir'): string => psQuote(gatherMarker(word, id));
  return [
    'try {',
    `  $ctha_d = ${psQuote(path)}; $ctha_s = ${psQuote(suffix)}`,
    '  if (Test-Path -LiteralPath $ctha_d -PathType Container) {',
    '    $ctha_e = @(Get-ChildItem -LiteralPath $ctha_d -File -Force)',
    `    Write-Output ${mark('dir')}`,
    '    foreach ($ctha_x in $ctha_e) {',
    // A key that is a reparse point (symbolic link, junction) may lead anywhere: refused by name, never read (kept short: cmd.exe's line limit).
    `      if ($ctha_x.Name.ToLowerInvariant().EndsWith($ctha_s.ToLowerInvariant())) { if ($ctha_x.Attributes -match 'Reparse') { Write-Output (${psQuote(`${gatherMarker('fail', id)} `)} + $ctha_x.FullName + ' is a reparse point; not read') } else { $ctha_b = [Convert]::ToBase64String([IO.File]::ReadAllBytes($ctha_x.FullName)); Write-Output ${mark('entry')}; Write-Output ($ctha_x.Name); Write-Output ${mark('data')}; Write-Output $ctha_b } }`,
    '    }',
    `  } elseif (Test-Path -LiteralPath $ctha_d) { Write-Output ${mark('notdir')} }`,
    `  else { Write-Output ${mark('nodir')} }`,
    `} catch { Write-Output (${psQuote(`${gatherMarker('fail', id)} `)} + ${FAIL_DETAIL}) }`,
  ].join('\n');
}

/** The script: files in one loop, each folder in its own block, the end marker last. */
export function windowsGatherScript(request: CheckedGather): string {
  const parts = [filesPart(request.files), ...request.dirs.map(({ path, suffix }, index) => dirPart(`d${index}`, path, suffix))];
  return [...parts.filter((part) => part !== ''), `Write-Output ${psQuote(`${GATHER_MARK} end`)}`].join('\n');
}

/** Runs the script once and reads its output; throws when it did not run to its end. */
export async function runWindowsGather(
  commands: WindowsCommands,
  request: CheckedGather,
  options: CallOptions = {},
): Promise<{ parsed: ParsedGather; stderr: string }> {
  const result = await commands.run(windowsGatherScript(request), options);
  const parsed = parseGatherOutput(outputLines(result.stdout), (lines) => {
    if (lines.length !== 1 || lines[0] === undefined || lines[0] === '')
      throw new HostError('unexpected-output', `gather: expected one file name after an entry marker, got ${lines.length} lines`);
    return lines[0];
  });
  if (!parsed.complete || result.code !== 0) {
    throw new HostError(
      'unexpected-output',
      `gather did not run to its end: exit ${result.code ?? 'none'}: ${firstErrorLine(result.stderr) || 'no error output'}`,
      'command-failed',
    );
  }
  return { parsed, stderr: stderrText(result.stderr, 400) };
}

/** What a confined read found: the bytes (undefined when missing), or the reparse point on the way, or the host's failure. */
export type ConfinedRead =
  | { readonly kind: 'read'; readonly bytes: Buffer | undefined }
  | { readonly kind: 'reparse'; readonly at: string }
  | { readonly kind: 'failed'; readonly detail: string };

/**
 * Reads one file in one script, but only when none of `below` (the paths from just below the service
 * folder down to the file) is a reparse point: a symbolic link or junction there may lead anywhere.
 */
export async function readWindowsFileWithin(
  commands: WindowsCommands,
  path: string,
  below: readonly string[],
  options: CallOptions = {},
): Promise<ConfinedRead> {
  const request: CheckedGather = { files: [path], dirs: [] };
  const script = [
    '$ctha_r = $null',
    `foreach ($ctha_c in @(${below.map(psQuote).join(', ')})) { if ((Test-Path -LiteralPath $ctha_c) -and ((Get-Item -Force -LiteralPath $ctha_c).Attributes -match 'Reparse')) { if ($ctha_r -eq $null) { $ctha_r = $ctha_c } } }`,
    `if ($ctha_r -ne $null) { Write-Output ('#ctha-reparse ' + $ctha_r); Write-Output ${psQuote(gatherMarker('missing', 'f0'))} } else {`,
    filesPart(request.files),
    '}',
    `Write-Output ${psQuote(`${GATHER_MARK} end`)}`,
  ].join('\n');
  const result = await commands.run(script, options);
  const all = outputLines(result.stdout);
  const reparse = all.find((line) => line.startsWith('#ctha-reparse '));
  const parsed = parseGatherOutput(
    all.filter((line) => !line.startsWith('#ctha-reparse ')),
    () => {
      throw new HostError('unexpected-output', 'gather: a folder entry where only a file was asked for');
    },
  );
  if (!parsed.complete || result.code !== 0)
    throw new HostError(
      'unexpected-output',
      `read of ${path} did not run to its end: exit ${result.code ?? 'none'}: ${firstErrorLine(result.stderr) || 'no error output'}`,
      'command-failed',
    );
  if (reparse !== undefined) return { kind: 'reparse', at: reparse.slice('#ctha-reparse '.length) };
  const problem = parsed.problems[0];
  if (problem)
    return {
      kind: 'failed',
      detail: problem.word === 'notfile' ? `${path} is not a regular file` : `${path}: ${problem.detail || problem.word}`,
    };
  return { kind: 'read', bytes: parsed.files.get('f0') };
}
