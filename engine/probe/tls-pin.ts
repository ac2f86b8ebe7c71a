// TLS to CyberTrace instances, trusted by pin. Instances serve self-signed certificates
// (httpsrv/kl_feed_service_cert.pem), so chain validation cannot succeed and is switched off here;
// what replaces it is the SHA-256 of the leaf certificate, compared with the pinned (or just accepted)
// fingerprint right after the handshake and before a single byte (credentials above all) is sent.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { normaliseCertFingerprint } from '../../shared/probe/fingerprint.js';

/** The leaf certificate an instance presented. */
export interface ServerCertificate {
  /** SHA-256 of the DER bytes, `AB:CD:...` (what `openssl x509 -fingerprint -sha256` prints). */
  readonly fingerprint: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
}

/** The presented certificate differs from the pinned one: a hard stop, nothing was sent. */
export class CertificateChangedError extends Error {
  override readonly name = 'CertificateChangedError';

  constructor(
    readonly host: string,
    readonly port: number,
    readonly pinned: string,
    readonly presented: string,
  ) {
    super(
      `the TLS certificate of ${host}:${port} changed: pinned ${pinned}, presented ${presented}. ` +
        'Nothing was sent. Confirm the new certificate on the host (openssl x509 -noout -fingerprint -sha256 -in httpsrv/kl_feed_service_cert.pem) before pinning it.',
    );
  }
}

/** Why a TLS connection could not be made. */
export type TlsFailure = 'refused' | 'timeout' | 'connection-error' | 'tls';

/** A TLS connection that failed before the certificate could be checked. */
export class TlsConnectError extends Error {
  override readonly name = 'TlsConnectError';

  constructor(
    readonly kind: TlsFailure,
    message: string,
  ) {
    super(message);
  }
}

/** SHA-256 of a certificate's DER bytes in canonical `AB:CD:...` form. */
export function certificateFingerprint(der: Uint8Array): string {
  return normaliseCertFingerprint(createHash('sha256').update(der).digest('hex')) ?? '';
}

/**
 * Connects and completes the handshake. With `pinned`, the leaf must have that fingerprint or the
 * socket is destroyed and CertificateChangedError thrown; without it (only to show a new certificate
 * to the engineer) the caller must not send anything over the socket it gets.
 */
export function openTls(
  host: string,
  port: number,
  timeoutMs: number,
  pinned?: string,
): Promise<{ socket: TLSSocket; certificate: ServerCertificate }> {
  const expected = pinned === undefined ? undefined : normaliseCertFingerprint(pinned);
  if (pinned !== undefined && expected === undefined) return Promise.reject(new Error(`not a SHA-256 fingerprint: ${pinned}`));
  const where = `${host}:${port}`;
  return new Promise((resolve, reject) => {
    let settled = false;
    // SNI carries host names only; an address is sent without it.
    const socket = connect({
      host,
      port,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    });
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new TlsConnectError('timeout', `no TLS handshake with ${where} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      if (peer.raw === undefined || peer.raw.length === 0) return fail(new TlsConnectError('tls', `${where} presented no certificate`));
      const certificate = describe(peer);
      if (expected !== undefined && certificate.fingerprint !== expected)
        return fail(new CertificateChangedError(host, port, expected, certificate.fingerprint));
      settled = true;
      clearTimeout(timer);
      // From here the caller's HTTP client reports errors; this keeps a late one from going unhandled.
      socket.off('error', onError);
      socket.on('error', () => undefined);
      resolve({ socket, certificate });
    });
    const onError = (error: NodeJS.ErrnoException): void => {
      const code = error.code ?? '';
      if (code === 'ECONNREFUSED')
        fail(
          new TlsConnectError('refused', `${where} refused the connection: nothing listens on the REST port (HTTPServer/ConnectionString)`),
        );
      else if (code.startsWith('ERR_SSL') || code === 'ECONNRESET' || /SSL|TLS|handshake/i.test(error.message)) {
        fail(
          new TlsConnectError('tls', `no TLS handshake with ${where}: ${code || error.message}; is this the HTTPS port of CyberTrace Web?`),
        );
      } else fail(new TlsConnectError('connection-error', `${where}: ${code || error.message}`));
    };
    socket.on('error', onError);
  });
}

/** Reads the certificate an endpoint presents and closes the connection without sending anything. */
export async function readServerCertificate(host: string, port: number, timeoutMs: number): Promise<ServerCertificate> {
  const { socket, certificate } = await openTls(host, port, timeoutMs);
  socket.destroy();
  return certificate;
}

function describe(peer: PeerCertificate): ServerCertificate {
  const name = (fields: PeerCertificate['subject'] | undefined): string =>
    Object.entries(fields ?? {})
      .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
      .join(', ');
  return {
    fingerprint: certificateFingerprint(peer.raw),
    subject: name(peer.subject),
    issuer: name(peer.issuer),
    validFrom: peer.valid_from,
    validTo: peer.valid_to,
  };
}
