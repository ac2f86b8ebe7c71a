// kl_balancer.conf's instance list fixed byte for byte: BOM, CRLF, comments and other elements kept.
import { describe, expect, it } from 'vitest';
import { parseBalancerConf } from '../../../engine/cybertrace/balancer/parse-balancer-conf.js';
import { balancerListingEdit } from '../../../engine/steps/plan/balancer-listing.js';
import type { PortCheck } from '../../../shared/contract/ops/balancer-audit.js';

const CONF = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Configuration>',
  '\t<!-- keep me -->',
  '\t<Balancer matching_port="9999" api_port="443" cybertrace_port="9998" scanners_count="10">10.0.0.5</Balancer>',
  '\t<Instances>',
  '\t\t<Instance matching_port="9990">10.0.0.11</Instance>',
  '\t</Instances>',
  '</Configuration>',
  '',
].join('\r\n');
const BYTES = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONF, 'utf8')]);

const check = (instance: string, host: string, state: PortCheck['state'], inputPort?: number, balancerPort?: number): PortCheck => ({
  instance,
  host,
  state,
  evidence: '',
  ...(inputPort === undefined ? {} : { inputPort }),
  ...(balancerPort === undefined ? {} : { balancerPort }),
});

describe('balancerListingEdit', () => {
  it('adds the unlisted instance and sets the wrong port, keeping BOM, CRLF, tabs and the comment', () => {
    const edit = balancerListingEdit(BYTES, 'kl_balancer.conf', [
      check('ct1', '10.0.0.11', 'mismatch', 9999, 9990),
      check('ct2', '10.0.0.12', 'not-listed', 9999),
    ]);
    if (!edit.ok) throw new Error(edit.reason);
    const text = edit.bytes.toString('utf8');
    expect([...edit.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text).toContain(
      '\t\t<Instance matching_port="9999">10.0.0.11</Instance>\r\n\t\t<Instance matching_port="9999">10.0.0.12</Instance>\r\n\t</Instances>',
    );
    expect(text).toContain('\t<!-- keep me -->\r\n');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(parseBalancerConf(edit.bytes, 'x').instances.map((entry) => [entry.host, entry.matchingPort])).toEqual([
      ['10.0.0.11', 9999],
      ['10.0.0.12', 9999],
    ]);
    expect(edit.changed).toHaveLength(2);
  });

  it('refuses when nothing can be fixed (no input port known) and when there is no Instances element', () => {
    expect(balancerListingEdit(BYTES, 'x', [check('ct2', '10.0.0.12', 'not-listed')])).toMatchObject({ ok: false });
    const bare = Buffer.from(
      '<Configuration><Balancer matching_port="1" api_port="2" cybertrace_port="3" scanners_count="4">h</Balancer></Configuration>',
    );
    expect(balancerListingEdit(bare, 'x', [check('ct2', '10.0.0.12', 'not-listed', 9999)])).toEqual({
      ok: false,
      reason: 'x has no Configuration/Instances element to add to',
    });
  });
});
