import type { LabOs, LabVersion } from '../spec.js';
import { fromBin } from './tree-layout.js';
import { XML_PROLOGUE, element, indent, toText } from './xml-lines.js';

// Pieces both kl_feed_service.conf layouts share.

/** What kl_feed_service.conf needs to know about its host and its Balancer. */
export interface ServiceConfInput {
  readonly os: LabOs;
  readonly version: LabVersion;
  /** Port of InputSettings/ConnectionString (`0.0.0.0:<port>`). */
  readonly inputPort: number;
  /** `<balancer address>:<cybertrace_port>`, where service alerts go. */
  readonly alertTarget: string;
  /** 5.x HTTPServer/ResourcesIP: the host's own address. */
  readonly resourcesIp: string;
}

/**
 * The root element's name is not documented (REFERENCE 1.4, 7.4). The lab picks `Configuration`, a
 * name no documented file uses, so that a consumer which assumes `Settings` fails in the lab first.
 */
export const SERVICE_CONF_ROOT = 'Configuration';

/** The whole file: prologue, then the body inside the root element. */
export function serviceConfText(body: readonly string[]): string {
  return toText([...XML_PROLOGUE, `<${SERVICE_CONF_ROOT}>`, ...indent(1, body), `</${SERVICE_CONF_ROOT}>`]);
}

/** `HTTPServer` (REFERENCE 1.8): the post-install ConnectionString and the default certificate paths. */
export function httpServerElement(os: LabOs, resourcesIp?: string): string[] {
  return element('<HTTPServer>', [
    '<ConnectionString>0.0.0.0:443</ConnectionString>',
    `<SSLCertificatePath>${fromBin(os, 'httpsrv', 'kl_feed_service_cert.pem')}</SSLCertificatePath>`,
    `<SSLPrivateKeyPath>${fromBin(os, 'httpsrv', 'kl_feed_service_private.pem')}</SSLPrivateKeyPath>`,
    ...(resourcesIp === undefined ? [] : [`<ResourcesIP>${resourcesIp}</ResourcesIP>`]),
  ]);
}
