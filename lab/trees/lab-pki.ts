// Certificates and keys of the lab. All of it is lab data: self-signed EC P-256 certificates made once
// with OpenSSL (O=CyberTrace HA lab, valid 2025-2125), fixed here so that every run writes the same
// bytes and fingerprints. Real X.509, so a consumer can parse them; never trust them anywhere.

/** Text the lab puts before each PEM block; PEM readers skip text outside the armour. */
const LABEL = 'CyberTrace HA lab data, not issued by Kaspersky:';

const pem = (what: string, armoured: string): string => `${LABEL} ${what}\n${armoured.trimStart()}`;

/** The feeds certificate every consistent instance has (HA requirement 1). */
export const FEEDS_CERT_REFERENCE = pem(
  'reference feeds certificate',
  `
-----BEGIN CERTIFICATE-----
MIIBtDCCAVqgAwIBAgICA+kwCgYIKoZIzj0EAwIwSDEaMBgGA1UECgwRQ3liZXJU
cmFjZSBIQSBsYWIxKjAoBgNVBAMMIUxhYiBmZWVkcyBjZXJ0aWZpY2F0ZSAocmVm
ZXJlbmNlKTAgFw0yNTAxMDEwMDAwMDBaGA8yMTI1MDEwMTAwMDAwMFowSDEaMBgG
A1UECgwRQ3liZXJUcmFjZSBIQSBsYWIxKjAoBgNVBAMMIUxhYiBmZWVkcyBjZXJ0
aWZpY2F0ZSAocmVmZXJlbmNlKTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABLRT
bRf20U9zFCQ1Cm6fIeaFOnwydLZGCfzTwqrwN1mG9QzMYSq+8aIUdQbP1fe0V+2A
q4HoOuWq4nEURQRPhkejMjAwMA8GA1UdEwEB/wQFMAMBAf8wHQYDVR0OBBYEFLup
INT2DlBa/L4a/bFsgFJG6jOSMAoGCCqGSM49BAMCA0gAMEUCIQDvNQxCdvASpoEQ
rHpxLZjgc53GxQNVYd9TcubsrSqlTwIgAqumqJZzzGl7A6SkJ5MBeC0ZfjMxrnpU
2+74XFfIeK0=
-----END CERTIFICATE-----
`,
);

/** The feeds certificate the `certificate` drift puts in its place. */
export const FEEDS_CERT_DRIFTED = pem(
  'drifted feeds certificate',
  `
-----BEGIN CERTIFICATE-----
MIIBsDCCAVagAwIBAgICA+owCgYIKoZIzj0EAwIwRjEaMBgGA1UECgwRQ3liZXJU
cmFjZSBIQSBsYWIxKDAmBgNVBAMMH0xhYiBmZWVkcyBjZXJ0aWZpY2F0ZSAoZHJp
ZnRlZCkwIBcNMjUwMTAxMDAwMDAwWhgPMjEyNTAxMDEwMDAwMDBaMEYxGjAYBgNV
BAoMEUN5YmVyVHJhY2UgSEEgbGFiMSgwJgYDVQQDDB9MYWIgZmVlZHMgY2VydGlm
aWNhdGUgKGRyaWZ0ZWQpMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEMS5l2TV6
MPWYxnDWRq9Q6x3wgZ+TkXmMIJFSLXHreyMPm6jxXl+KflZXcnaIA4nGHWPVl0w1
wpfYBpmjm75GSqMyMDAwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHQ4EFgQUX440ngM0
Cc2Eh0I8jKPy4YfkOJkwCgYIKoZIzj0EAwIDSAAwRQIgPnG95KXR2GxWGNpy0P+i
K7NlUpM/wdO4dtQotMkT9HsCIQDeHHDHmPywdkziwkLhmaAcjhiDyzcbLjb/QsOM
uKCmJQ==
-----END CERTIFICATE-----
`,
);

/** CyberTrace Web certificate (httpsrv/kl_feed_service_cert.pem), SAN localhost and 127.0.0.1; pairs with WEB_PRIVATE_KEY. */
export const WEB_CERT = pem(
  'CyberTrace Web certificate',
  `
-----BEGIN CERTIFICATE-----
MIIB1DCCAXqgAwIBAgICA+swCgYIKoZIzj0EAwIwOTEaMBgGA1UECgwRQ3liZXJU
cmFjZSBIQSBsYWIxGzAZBgNVBAMMEkxhYiBDeWJlclRyYWNlIFdlYjAgFw0yNTAx
MDEwMDAwMDBaGA8yMTI1MDEwMTAwMDAwMFowOTEaMBgGA1UECgwRQ3liZXJUcmFj
ZSBIQSBsYWIxGzAZBgNVBAMMEkxhYiBDeWJlclRyYWNlIFdlYjBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABOj3QNXyCIgXzUvoL/ikOd3uw0sVjd6CMOy5CDsK6O7x
P8tEeOkDPg1tO9g+C/twVIyXfW7MloHv8dO9E1n/r8SjcDBuMAwGA1UdEwEB/wQC
MAAwHQYDVR0OBBYEFPP0/FcBqWPU7djPJC96EdoUEBKAMBoGA1UdEQQTMBGCCWxv
Y2FsaG9zdIcEfwAAATAOBgNVHQ8BAf8EBAMCB4AwEwYDVR0lBAwwCgYIKwYBBQUH
AwEwCgYIKoZIzj0EAwIDSAAwRQIgCp+lE7VzN6V1gwhTXktbo5gPPN1HMjeFj/7V
K8TuMuECIQD80wrQWWKeypgSGgzQKAWvC4aPKBGP8sl0qEYwAGJS+A==
-----END CERTIFICATE-----
`,
);

/** Private key of WEB_CERT (PKCS#8), so the simulator can serve HTTPS with the pair. */
export const WEB_PRIVATE_KEY = pem(
  'CyberTrace Web private key',
  `
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgGZygsZlWWHNxbAJR
Vt9JFscgh+LaSnd6A/B8lVJlFmChRANCAATo90DV8giIF81L6C/4pDnd7sNLFY3e
gjDsuQg7Cuju8T/LRHjpAz4NbTvYPgv7cFSMl31uzJaB7/HTvRNZ/6/E
-----END PRIVATE KEY-----
`,
);

/**
 * An earlier CyberTrace Web certificate (made like the others, valid 2026-2126; its private key was not
 * kept): what Balancer stored for an instance before the instance's certificate changed, the
 * `balancer-cert-stale` drift (REFERENCE 3.6).
 */
export const WEB_CERT_PREVIOUS = pem(
  'earlier CyberTrace Web certificate',
  `
-----BEGIN CERTIFICATE-----
MIIB6jCCAY+gAwIBAgICA+wwCgYIKoZIzj0EAwIwRDEaMBgGA1UECgwRQ3liZXJU
cmFjZSBIQSBsYWIxJjAkBgNVBAMMHUxhYiBDeWJlclRyYWNlIFdlYiAocHJldmlv
dXMpMCAXDTI2MTIwNzA1NDU0MloYDzIxMjYxMTEzMDU0NTQyWjBEMRowGAYDVQQK
DBFDeWJlclRyYWNlIEhBIGxhYjEmMCQGA1UEAwwdTGFiIEN5YmVyVHJhY2UgV2Vi
IChwcmV2aW91cykwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATgqc2AA9VWU2fm
RFJahzh4gR0p2JPEe97rKxmR1CYARKj9ZJaMqRzoeGgoM0xyvq7osxI/9Tssnkid
GUVMq8xno28wbTAdBgNVHQ4EFgQUZoAlu16Zb/ScMqi5ZB/FauywNSwwHwYDVR0j
BBgwFoAUZoAlu16Zb/ScMqi5ZB/FauywNSwwDwYDVR0TAQH/BAUwAwEB/zAaBgNV
HREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZIzj0EAwIDSQAwRgIhAKcMHYAU
OMX7WxzXlFIs1ZfTuOfb56YQNzjGq23L0jUHAiEAuFtTkk2YX2S3yX7Hc256ZOal
f3V0AkbXqj6S3je8soI=
-----END CERTIFICATE-----
`,
);
