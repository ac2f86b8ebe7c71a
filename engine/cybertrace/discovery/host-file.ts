import { sha256Hex } from '../../hosts/dialect/index.js';
import type { HostFile } from '../model/types.js';

/** A gathered file as the model's HostFile: bytes with their digest, or absent with the reason. */
export function hostFile(path: string, bytes: Buffer | undefined, absentReason = 'the file does not exist'): HostFile {
  return bytes === undefined ? { path, present: false, reason: absentReason } : { path, present: true, bytes, sha256: sha256Hex(bytes) };
}
