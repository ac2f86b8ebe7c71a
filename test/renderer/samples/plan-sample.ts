import type { PlanDocument, PlannedInstance } from '../../../shared/plan/plan-document.js';
import { groupDiffs } from '../../../shared/plan/group-diffs.js';

const SHA = (c: string): string => c.repeat(64);

/** The unified diff the engine produces for requirement 8 on a CRLF file (CR shown as it comes, raw). */
export const REQ8_DIFF = [
  '===================================================================',
  '--- /opt/kaspersky/ktfs/etc/kl_feed_service.conf\tbefore',
  '+++ /opt/kaspersky/ktfs/etc/kl_feed_service.conf\tafter',
  '@@ -10,3 +10,3 @@',
  '   <OutputSettings>\r',
  '-    <FinishedEventFormat enabled="false"></FinishedEventFormat>\r',
  '+    <FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>\r',
  '   </OutputSettings>\r',
  '',
].join('\n');

function instance(name: string, changes: boolean, extra: Partial<PlannedInstance> = {}): PlannedInstance {
  return {
    name,
    os: 'linux',
    host: `10.0.0.${name.slice(-1)}`,
    serviceDir: '/opt/kaspersky/ktfs',
    status: 'planned',
    readiness: { host: `10.0.0.${name.slice(-1)}`, port: 9999 },
    filesRead: [{ path: '/opt/kaspersky/ktfs/etc/kl_feed_service.conf', sha256: SHA('1') }],
    directoriesRead: [],
    changes: changes
      ? [
          {
            path: '/opt/kaspersky/ktfs/etc/kl_feed_service.conf',
            relativePath: 'etc/kl_feed_service.conf',
            kind: 'edit',
            requirements: ['req8'],
            beforeSha256: SHA('1'),
            afterSha256: SHA('2'),
            restart: true,
            unifiedDiff: REQ8_DIFF,
            semanticChanges: [
              {
                path: 'OutputSettings/FinishedEventFormat',
                kind: 'changed',
                before: 'enabled="false" ""',
                after: 'enabled="true" "%REQ% LookupFinished"',
              },
            ],
            afterBase64: 'PD94bWw+',
          },
        ]
      : [],
    refusals: [],
    ...extra,
  };
}

/** A plan of three instances: ct1 the reference needs nothing, ct2 and ct3 get the same requirement-8 edit, ct3 also a manual step for requirement 3. */
export function samplePlan(): PlanDocument {
  const instances = [
    instance('ct1', false),
    instance('ct2', true),
    instance('ct3', true, {
      refusals: [{ requirement: 'req3', reason: 'the OSINT feed "osint-x" is missing on ct3', manual: 'add the feed in CyberTrace Web' }],
    }),
  ];
  return {
    planFormatVersion: 1,
    project: { name: 'Customer cluster', path: '/p/x.ctha.json', sha256: SHA('9') },
    createdAt: '2025-05-01T10:05:00.000Z',
    toolVersion: '0.1.0',
    referenceInstance: 'ct1',
    requirements: ['req1', 'req2', 'req3', 'req4', 'req5', 'req6', 'req7', 'req8', 'alerts'],
    instances,
    groups: groupDiffs(instances),
    summary: { changes: 2, instancesWithChanges: 2, refusals: 1, errors: 0 },
  };
}
