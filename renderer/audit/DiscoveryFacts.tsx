import type { ReactNode } from 'react';
import type { AuditReport, ConfigLocationFact, DiscoveryFacts as Facts, FileFact } from '../../shared/contract/ops/audit.js';

type InstanceReport = AuditReport['instances'][number];

/** One row of the facts table: its label, a test-id stem, and how one instance's value is shown. */
interface FactRow {
  readonly id: string;
  readonly label: string;
  readonly show: (instance: InstanceReport, facts: Facts) => ReactNode;
}

const ROWS: readonly FactRow[] = [
  {
    id: 'version',
    label: 'CyberTrace version',
    show: (_, facts) => <Known value={facts.version.value} evidence={facts.version.evidence} />,
  },
  {
    id: 'layout',
    label: 'Configuration layout',
    show: (_, facts) => <Known value={facts.layout.value} evidence={facts.layout.evidence} />,
  },
  {
    id: 'servicedir',
    label: 'Service directory',
    // The evidence already says where the directory came from; the source word is added only when it does not.
    show: (_, facts) => {
      const source =
        facts.serviceDir.source === undefined ? undefined : facts.serviceDir.source === 'project' ? 'from the project' : 'detected';
      return (
        <Known
          value={facts.serviceDir.value}
          suffix={source === undefined || facts.serviceDir.evidence.includes(source) ? undefined : `(${source})`}
          evidence={facts.serviceDir.evidence}
        />
      );
    },
  },
  {
    id: 'control',
    label: 'Service control',
    show: (_, facts) => (
      <Known
        value={facts.serviceControl.method === 'unknown' ? undefined : facts.serviceControl.method}
        evidence={facts.serviceControl.evidence.join('; ')}
      />
    ),
  },
  {
    id: 'system',
    label: 'System and shell',
    show: (_, facts) => (
      <>
        {facts.os}: {facts.system} <span className="muted">({facts.shell})</span>
      </>
    ),
  },
  {
    id: 'privilege',
    label: 'Privilege',
    show: (_, facts) => (
      <>
        {facts.privilege.detected}
        {facts.privilege.declared !== undefined && <span className="muted"> (project: {facts.privilege.declared})</span>}
        {facts.privilege.matches === false && <span className="status finding-drift">MISMATCH</span>}
        <div className="small muted">{facts.privilege.detail}</div>
      </>
    ),
  },
  {
    id: 'serviceconf',
    label: 'kl_feed_service.conf',
    show: (_, facts) => <File fact={facts.serviceConf} location={facts.configLocations?.serviceConf} />,
  },
  {
    id: 'utilconf',
    label: 'kl_feed_util.conf',
    show: (_, facts) => <File fact={facts.feedUtilConf} location={facts.configLocations?.feedUtilConf} />,
  },
  {
    id: 'certificate',
    label: 'Feeds certificate',
    show: (_, facts) => (
      <>
        {facts.certificate.certFile === undefined ? <span className="muted">no CertFile</span> : <code>{facts.certificate.certFile}</code>}
        {facts.certificate.file !== undefined &&
          (facts.certificate.file.path === facts.certificate.certFile ? (
            <FileDetail fact={facts.certificate.file} />
          ) : (
            <File fact={facts.certificate.file} />
          ))}
        <div className="small muted">{facts.certificate.evidence}</div>
      </>
    ),
  },
  {
    id: 'license',
    label: 'License folder',
    show: (_, facts) =>
      facts.licenseDir === undefined ? (
        <span className="muted">unknown</span>
      ) : (
        <>
          <code>{facts.licenseDir.path}</code>{' '}
          {facts.licenseDir.present ? `${facts.licenseDir.keys.length} key file(s)` : <span className="muted">absent</span>}
        </>
      ),
  },
  {
    id: 'inputport',
    label: 'Input port',
    show: (instance) => <Known value={instance.inputPort.port?.toString()} evidence={instance.inputPort.evidence} />,
  },
];

/** What discovery found on each instance, one column each; every unknown fact says why. */
export function DiscoveryFacts({ report }: { readonly report: AuditReport }) {
  return (
    <div className="table-scroll">
      <table className="grid side-by-side facts-table">
        <thead>
          <tr>
            <th scope="row">Fact</th>
            {report.instances.map((instance, index) => (
              <th key={instance.instance} scope="col" data-testid={`audit-facts-${index}`}>
                {instance.instance}
                {instance.instance === report.referenceInstance && <span className="badge">reference</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Audited</th>
            {report.instances.map((instance, index) => (
              <td key={instance.instance} data-testid={`audit-fact-audited-${index}`}>
                {instance.audited ? 'yes' : <span className="status finding-unknown">NO</span>}
                {instance.failure !== undefined && (
                  <div className="small">
                    {instance.failure.stage}: {instance.failure.reason}
                  </div>
                )}
                {instance.refusedFiles.map((file) => (
                  <div key={file.path} className="small warn-text">
                    Refused <code>{file.path}</code>: {file.reason}
                  </div>
                ))}
              </td>
            ))}
          </tr>
          {ROWS.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.label}</th>
              {report.instances.map((instance, index) => (
                <td key={instance.instance} data-testid={`audit-fact-${row.id}-${index}`}>
                  {instance.facts === undefined ? <span className="muted">not discovered</span> : row.show(instance, instance.facts)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Known({
  value,
  evidence,
  suffix,
}: {
  readonly value: string | undefined;
  readonly evidence: string;
  readonly suffix?: string | undefined;
}) {
  return (
    <>
      {value === undefined ? <span className="status finding-unknown">UNKNOWN</span> : <code>{value}</code>}
      {suffix !== undefined && <span className="muted"> {suffix}</span>}
      <div className="small muted">{evidence}</div>
    </>
  );
}

/** Where a config's location came from, in the engineer's words (issue 11 item 3). */
const LOCATION_SOURCE: Readonly<Record<ConfigLocationFact['source'], string>> = {
  project: 'from the project (configPaths)',
  pointer: "from the service config's FeedUtil/ConfigurationPath",
  default: "the help's default folder",
};

function File({ fact, location }: { readonly fact: FileFact | undefined; readonly location?: ConfigLocationFact | undefined }) {
  if (fact === undefined) return <span className="muted">unknown</span>;
  return (
    <div>
      <code>{fact.path}</code>
      {location !== undefined && (
        <span className="muted" data-location-source={location.source}>
          {' '}
          ({LOCATION_SOURCE[location.source]})
        </span>
      )}
      <FileDetail fact={fact} />
      {location !== undefined && <div className="small muted">{location.evidence}</div>}
    </div>
  );
}

function FileDetail({ fact }: { readonly fact: FileFact }) {
  return (
    <div className="small muted">
      {fact.present
        ? `${fact.size ?? '?'} bytes${fact.sha256 === undefined ? '' : `, sha256 ${fact.sha256}`}`
        : `absent${fact.reason === undefined ? '' : `: ${fact.reason}`}`}
    </div>
  );
}
