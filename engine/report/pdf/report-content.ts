// What report.pdf says, in order: the verdict first, then the facts, the requirements x instances table,
// the Balancer, the changes (the Balancer's after the instances'), the probes, what the engineer attested
// or waived, pre-checks, host keys, how to verify.
import type { Color } from 'pdf-lib';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import { REQUIREMENT_IDS, REQUIREMENT_TITLES } from '../../../shared/requirements/ids.js';
import type { Evidence } from '../../../shared/report/evidence.js';
import type { FindingStatus } from '../../../shared/report/finding.js';
import type { SignerSummary } from '../../../shared/report/verification.js';
import { BUNDLE_FILES } from '../../../shared/report/bundle-files.js';
import { balancerApplySection } from './balancer-apply-section.js';
import { balancerSection } from './balancer-section.js';
import type { Cell, ReportLayout } from './layout.js';
import { COLORS } from './layout.js';

/** The label the verifier looks for: the evidence hash follows it on the same line. */
export const PRINTED_HASH_LABEL = 'SHA-256 of evidence.json:';

/** Everything the PDF shows besides the evidence itself. */
export interface ReportFacts {
  readonly evidence: Evidence;
  readonly evidenceSha256: string;
  readonly signer: SignerSummary;
}

const STATUS_CELL: Readonly<Record<FindingStatus, { text: string; fill: Color }>> = {
  match: { text: 'OK', fill: COLORS.pass },
  drift: { text: 'DRIFT', fill: COLORS.fail },
  unknown: { text: 'UNKNOWN', fill: COLORS.unknown },
  attested: { text: 'ATTESTED', fill: COLORS.engineer },
  waived: { text: 'WAIVED', fill: COLORS.engineer },
};

const MAX_REASONS = 15;

/** Lays out the whole report. */
export function writeReportContent(layout: ReportLayout, facts: ReportFacts): void {
  const { evidence, evidenceSha256, signer } = facts;
  layout.line('CyberTrace HA commissioning report', { size: 17, font: layout.fonts.bold });
  layout.line(`Cluster "${evidence.cluster.name}"`, { size: 11, color: COLORS.muted });
  layout.gap(6);
  verdict(layout, evidence);
  layout.heading('Facts');
  layout.keyValues([
    ['Cluster', evidence.cluster.name],
    ['Reference instance', evidence.cluster.referenceInstance],
    ['Instances', `${evidence.instances.length}: ${evidence.instances.map((instance) => instance.name).join(', ')}`],
    ['Balancer request-id rule', evidence.cluster.reqRuleName],
    ['Engineer', evidence.engineer.name],
    ['Tool', `${evidence.tool.name} ${evidence.tool.version}`],
    ['Run started', evidence.times.startedAt],
    ['Run finished', evidence.times.finishedAt],
    ['Signed at', `${evidence.times.signedAt} (the engineer's laptop clock; no trusted RFC 3161 timestamp)`],
    ['Signed by', signer.subject],
    ['Certificate', `${signer.selfSigned ? 'self-signed' : `issued by ${signer.issuer}`}; valid ${signer.notBefore} to ${signer.notAfter}`],
    ['Certificate SHA-256', signer.sha256Fingerprint],
  ]);
  layout.line(`${PRINTED_HASH_LABEL} ${evidenceSha256}`, { size: 8, font: layout.fonts.mono });
  layout.paragraph(
    `${BUNDLE_FILES.evidence} is attached to this PDF and lies beside it with its detached signature ${BUNDLE_FILES.signature}; ${BUNDLE_FILES.verify} lists the commands that check all of it.`,
    { size: 8, color: COLORS.muted },
  );
  requirementTable(layout, evidence);
  balancerSection(layout, evidence);
  changes(layout, evidence);
  balancerApplySection(layout, evidence);
  probes(layout, evidence);
  engineerStatements(layout, evidence);
  prechecks(layout, evidence);
  hostKeys(layout, evidence);
  layout.heading('Transcript');
  // The Balancer host is logged in to in the same run (issue 14): its operations are counted too.
  const hosts = [
    ...evidence.instances.map((instance) => instance.name),
    ...(evidence.cluster.balancer ? [evidence.cluster.balancer.name] : []),
  ];
  const counts = hosts.map((name) => `${name}: ${evidence.transcript.filter((entry) => entry.instance === name).length}`);
  layout.paragraph(
    `${evidence.transcript.length} remote operation(s) (commands with exit codes and durations, file transfers) are recorded in ${BUNDLE_FILES.evidence}, secrets redacted. Per host: ${counts.join('; ')}.`,
  );
  layout.heading('How to check this report');
  layout.paragraph(
    `This PDF is signed (adbe.pkcs7.detached) with the certificate above; ${BUNDLE_FILES.signature} signs the exact bytes of ${BUNDLE_FILES.evidence} with the same certificate. Any change to either file, or bytes added to this PDF after signing, makes verification fail. The signing time is the engineer's laptop clock: no trusted timestamp (RFC 3161) is used. Commands: see ${BUNDLE_FILES.verify}, or run "ctha verify-report <folder>".`,
  );
  layout.footers((page, pages) => [
    {
      text: `${evidence.cluster.name} - CyberTrace HA commissioning report - page ${page} of ${pages} - signed ${evidence.times.signedAt} (laptop clock)`,
    },
    { text: `${PRINTED_HASH_LABEL} ${evidenceSha256}`, mono: true },
  ]);
}

function verdict(layout: ReportLayout, evidence: Evidence): void {
  const { outcome, summary, reasons } = evidence.verdict;
  const fill = outcome === 'pass' ? COLORS.pass : outcome === 'fail' ? COLORS.fail : COLORS.unknown;
  layout.banner(`VERDICT: ${outcome.toUpperCase()}`, fill, 15);
  layout.paragraph(summary, { size: 10, font: layout.fonts.bold });
  for (const reason of reasons.slice(0, MAX_REASONS)) layout.paragraph(`- ${reason}`, { size: 8.5, indent: 8 });
  if (reasons.length > MAX_REASONS)
    layout.paragraph(`... and ${reasons.length - MAX_REASONS} more reason(s), all listed in ${BUNDLE_FILES.evidence} (verdict.reasons).`, {
      size: 8.5,
      indent: 8,
    });
}

function requirementTable(layout: ReportLayout, evidence: Evidence): void {
  layout.heading('Requirements by instance');
  const instanceWidth = 112;
  const width = (layout.contentWidth - instanceWidth) / REQUIREMENT_IDS.length;
  const columns = [{ title: 'Instance', width: instanceWidth }, ...REQUIREMENT_IDS.map((id) => ({ title: label(id), width }))];
  const rows = evidence.instances.map((instance): Cell[] => [
    { text: instance.name === evidence.cluster.referenceInstance ? `${instance.name} (ref.)` : instance.name, bold: true },
    ...REQUIREMENT_IDS.map((requirement): Cell => {
      const finding = evidence.findings.find((entry) => entry.requirement === requirement && entry.instance === instance.name);
      return finding === undefined ? { text: '-', fill: COLORS.none } : STATUS_CELL[finding.status];
    }),
  ]);
  layout.table(columns, rows, 7);
  layout.paragraph(
    `OK: same as the reference, read by the tool. DRIFT: differs. UNKNOWN: could not be read. ATTESTED / WAIVED: stated by the engineer (see below). "-": no finding. ${REQUIREMENT_IDS.map((id) => `${label(id)} = ${REQUIREMENT_TITLES[id]}`).join('; ')}.`,
    { size: 7, color: COLORS.muted },
  );
  const notable = evidence.findings.filter((finding) => finding.status === 'drift' || finding.status === 'unknown');
  if (notable.length > 0) {
    layout.table(
      [
        { title: 'Requirement', width: 60 },
        { title: 'Instance', width: 100 },
        { title: 'Status', width: 55 },
        { title: 'Detail (observed values are in evidence.json)', width: layout.contentWidth - 215 },
      ],
      notable.map((finding) => [
        { text: label(finding.requirement) },
        { text: finding.instance },
        STATUS_CELL[finding.status],
        { text: finding.detail ?? '' },
      ]),
    );
  }
}

function changes(layout: ReportLayout, evidence: Evidence): void {
  layout.heading('Changes made');
  if (evidence.changes.length === 0) {
    layout.paragraph('No file was changed.');
    return;
  }
  const short = (hash: string | null): string => (hash === null ? '(none)' : `${hash.slice(0, 16)}...`);
  layout.table(
    [
      { title: 'Instance', width: 72 },
      { title: 'File', width: 150 },
      { title: 'SHA-256 before / after', width: 108, mono: true },
      { title: 'Backup', width: 120 },
      { title: 'Outcome', width: layout.contentWidth - 450 },
    ],
    evidence.changes.map((change) => [
      { text: change.instance },
      { text: `${change.path} (${change.requirements.map(label).join(', ')})` },
      { text: `${short(change.beforeSha256)} ${short(change.afterSha256)}` },
      { text: change.backupPath ?? '(none)' },
      { text: change.outcome, ...(change.outcome === 'applied' ? {} : { fill: COLORS.fail }) },
    ]),
    7,
  );
  layout.paragraph(`Full SHA-256 values before and after every change are in ${BUNDLE_FILES.evidence} (changes).`, {
    size: 7,
    color: COLORS.muted,
  });
}

function probes(layout: ReportLayout, evidence: Evidence): void {
  layout.heading('Live probe');
  if (evidence.probes.length === 0) {
    layout.paragraph('No probe was run.');
    return;
  }
  const ms = (value: number | null): string => (value === null ? '-' : `${Math.round(value)} ms`);
  layout.table(
    [
      { title: 'Instance', width: 90 },
      { title: 'Input port', width: 90 },
      { title: 'Result', width: 40 },
      { title: 'PONG', width: 45 },
      { title: 'LookupFinished', width: 60 },
      { title: 'Detail', width: layout.contentWidth - 325 },
    ],
    evidence.probes.map((probe) => [
      { text: probe.instance },
      { text: probe.target },
      { text: probe.status.toUpperCase(), fill: probe.status === 'pass' ? COLORS.pass : COLORS.fail },
      { text: ms(probe.pingMs) },
      { text: ms(probe.lookupMs) },
      { text: probe.detail },
    ]),
    7,
  );
}

function engineerStatements(layout: ReportLayout, evidence: Evidence): void {
  layout.heading('Attestations and waivers (stated by the engineer)');
  const rows = [
    ...evidence.attestations.map((entry) => [
      { text: 'attestation' },
      { text: label(entry.requirement) },
      { text: entry.instance },
      { text: `${entry.engineer}, ${entry.date}` },
      {
        text:
          entry.spotCheck === undefined
            ? entry.note
            : `${entry.note} Evidence: consistent REST spot-check at ${entry.spotCheck.at}, ${entry.spotCheck.indicators} indicator(s) alike on ${entry.spotCheck.instances.join(', ')}, ${entry.spotCheck.digest}.`,
      },
    ]),
    ...evidence.waivers.map((entry) => [
      { text: 'waiver', fill: COLORS.unknown },
      { text: label(entry.requirement) },
      { text: entry.instance },
      { text: `${entry.engineer}, ${entry.date}${entry.expires ? `, expires ${entry.expires}` : ''}` },
      { text: entry.justification },
    ]),
  ];
  if (rows.length === 0) {
    layout.paragraph('None: every finding was established by the tool.');
    return;
  }
  layout.table(
    [
      { title: 'Kind', width: 55 },
      { title: 'Req.', width: 35 },
      { title: 'Instance', width: 80 },
      { title: 'By, when', width: 120 },
      { title: 'Note', width: layout.contentWidth - 290 },
    ],
    rows,
    7,
  );
}

function prechecks(layout: ReportLayout, evidence: Evidence): void {
  layout.heading('Pre-checks');
  const count = (status: string): number => evidence.prechecks.filter((result) => result.status === status).length;
  layout.paragraph(
    `${evidence.prechecks.length} result(s): ${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped.`,
  );
  const notPassed = evidence.prechecks.filter((result) => result.status !== 'pass');
  if (notPassed.length > 0) {
    layout.table(
      [
        { title: 'Instance', width: 90 },
        { title: 'Check', width: 90 },
        { title: 'Status', width: 60 },
        { title: 'Evidence', width: layout.contentWidth - 240 },
      ],
      notPassed.map((result) => [
        { text: result.instance ?? '(cluster)' },
        { text: result.check },
        { text: `${result.status} (${result.severity})`, fill: result.status === 'fail' ? COLORS.fail : COLORS.none },
        { text: result.evidence },
      ]),
      7,
    );
  }
}

function hostKeys(layout: ReportLayout, evidence: Evidence): void {
  layout.heading('Pinned host keys');
  if (evidence.hostKeys.length === 0) {
    layout.paragraph('No host key was pinned.');
    return;
  }
  layout.table(
    [
      { title: 'Host', width: 140 },
      { title: 'Key type', width: 90 },
      { title: 'Fingerprint', width: layout.contentWidth - 230, mono: true },
    ],
    evidence.hostKeys.map((key) => [{ text: `${key.host}:${key.port}` }, { text: key.type }, { text: key.fingerprint }]),
    7,
  );
}

function label(id: RequirementId): string {
  return id === 'alerts' ? 'Alerts' : `Req ${id.slice(3)}`;
}
