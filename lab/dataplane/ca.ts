/**
 * The lab's certificate authority, made fresh at start: ECDSA P-256 keys, a CA
 * certificate, and leaf certificates for the Bedrock hostnames (or deliberately
 * wrong or expired ones, for faults).
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const HOUR_MS = 3_600_000;

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface LabCa {
  caPem: string;
  /** Issues a leaf certificate for the DNS names, valid from/to the given dates (default: an hour ago to 90 days on). */
  issue(dnsNames: readonly string[], validity?: { notBefore: Date; notAfter: Date }): Promise<IssuedCertificate>;
}

let serial = 1;

/** Creates a new CA. */
export async function createLabCa(): Promise<LabCa> {
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    name: 'CN=crisp lab CA, O=crisp',
    notBefore: new Date(now - HOUR_MS),
    notAfter: new Date(now + 365 * 24 * HOUR_MS),
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return {
    caPem: ca.toString('pem'),
    async issue(dnsNames, validity = { notBefore: new Date(now - HOUR_MS), notAfter: new Date(now + 90 * 24 * HOUR_MS) }) {
      const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: (serial++).toString(16).padStart(2, '0'),
        subject: `CN=${dnsNames[0]}`,
        issuer: ca.subject,
        notBefore: validity.notBefore,
        notAfter: validity.notAfter,
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        signingAlgorithm: ALGORITHM,
        extensions: [
          new x509.SubjectAlternativeNameExtension(dnsNames.map((value) => ({ type: 'dns' as const, value }))),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        ],
      });
      const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
      return { certPem: leaf.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
    },
  };
}
