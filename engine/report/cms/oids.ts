import forge from 'node-forge';

function known(name: string): string {
  const oid = forge.pki.oids[name];
  if (oid === undefined) throw new Error(`node-forge does not know the OID ${name}`);
  return oid;
}

/** The object identifiers the report's signatures use, by name. */
export const OIDS = {
  data: known('data'),
  signedData: known('signedData'),
  contentType: known('contentType'),
  messageDigest: known('messageDigest'),
  signingTime: known('signingTime'),
  sha256: known('sha256'),
  rsaEncryption: known('rsaEncryption'),
  sha256WithRSAEncryption: known('sha256WithRSAEncryption'),
  certBag: known('certBag'),
  keyBag: known('keyBag'),
  pkcs8ShroudedKeyBag: known('pkcs8ShroudedKeyBag'),
} as const;
