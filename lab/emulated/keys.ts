// Ed25519 key pairs that ssh2 can read back. ssh2 1.17's generateKeyPairSync('ed25519') strips a
// leading zero byte from the public key, so about 1 pair in 128 fails parseKey (mscdex/ssh2#1390,
// #1513); such pairs are discarded and generated again.
import { utils } from './ssh2-runtime.js';

/** An OpenSSH private key and its public key line. */
export interface UsableKeyPair {
  readonly private: string;
  readonly public: string;
}

function parses(text: string): boolean {
  const parsed = utils.parseKey(text);
  return !(parsed instanceof Error) && (!Array.isArray(parsed) || parsed.length > 0);
}

/** A fresh Ed25519 pair whose private and public halves both parse. */
export function generateUsableKeyPair(): UsableKeyPair {
  for (let attempt = 0; attempt < 64; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (parses(pair.private) && parses(pair.public)) return { private: pair.private, public: pair.public.trim() };
  }
  throw new Error('could not generate a readable Ed25519 key pair');
}
