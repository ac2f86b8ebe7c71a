import { SignPdf, Signer } from '@signpdf/signpdf';
import { signDetached } from '../cms/sign-detached.js';
import type { SigningIdentity } from '../identity/signing-identity.js';

// @signpdf hands the signer the PDF without its /Contents placeholder; the CMS over those bytes is the
// same kind signDetached() makes for evidence.json, so both signatures of a bundle are built one way.
class IdentitySigner extends Signer {
  constructor(private readonly identity: SigningIdentity) {
    super();
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return signDetached(pdfBuffer, this.identity, signingTime ?? new Date());
  }
}

/** Signs a PDF that has a placeholder (adbe.pkcs7.detached) and returns the signed bytes. */
export async function signPdf(unsigned: Uint8Array, identity: SigningIdentity, signingTime: Date): Promise<Buffer> {
  return new SignPdf().sign(Buffer.from(unsigned), new IdentitySigner(identity), signingTime);
}
