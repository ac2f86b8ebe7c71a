import { parseXmlDocument } from '../xml/index.js';
import { feedUtilConfModel } from './feed-util-model.js';
import { serviceConfModel } from './service-conf-model.js';
import type { HostFile, InstanceConfig, InstanceFiles, ParsedConfFile, Readable } from './types.js';

/**
 * Reads an instance's kl_feed_service.conf and kl_feed_util.conf into one model, whatever the layout.
 * A file that is not there, or a layout that is not recognised, leaves that part unknown with the
 * reason; a file that is there but is not acceptable XML throws ConfigXmlError naming the file.
 */
export function readInstanceConfig(files: InstanceFiles): InstanceConfig {
  const service = parsed(files.serviceConf, 'kl_feed_service.conf');
  const feedUtil = parsed(files.feedUtilConf, 'kl_feed_util.conf');
  return {
    service: service.known ? serviceConfModel(service.model) : service,
    feedUtil: feedUtil.known ? { known: true, model: feedUtilConfModel(feedUtil.model) } : feedUtil,
  };
}

function parsed(file: HostFile, what: string): Readable<ParsedConfFile> {
  if (!file.present) return { known: false, reason: `${what} not read (${file.path}): ${file.reason}` };
  return { known: true, model: { path: file.path, sha256: file.sha256, doc: parseXmlDocument(file.bytes, file.path) } };
}
