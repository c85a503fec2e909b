import { createPublicKey, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate,
  SubjectAlternativeName,
  id_ce_subjectAltName,
  type Name,
} from '@peculiar/asn1-x509';
import { decodeDerInput } from './der-input';
import { formatDistinguishedName, nameAttributes, type NameAttribute } from './distinguished-name';
import { certificateDigest } from './cert-digest';

/** Everything signing, QR and verification need from a certificate, computed once. */
export interface ParsedCertificate {
  der: Buffer;
  /** One-line base64 of the DER: the ds:X509Certificate text. */
  base64: string;
  /** xades CertDigest value (spec 3.2). */
  certDigest: string;
  /** ds:X509IssuerName form: `CN=..., DC=..., DC=...`. */
  issuerName: string;
  /** ds:X509SerialNumber: the serial as a decimal integer string. */
  serialNumber: string;
  subjectName: string;
  subject: NameAttribute[];
  /** directoryName attributes of the subjectAltName extension (EGS serial, VAT UID, ...). */
  alternativeName: NameAttribute[];
  /** Taxpayer VAT number: organizationIdentifier, else the UID in subject or subjectAltName. */
  vatNumber?: string;
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo: QR tag 8. */
  publicKeyDer: Buffer;
  publicKey: KeyObject;
  /** The CA's DER ECDSA signature over the certificate: QR tag 9. */
  signatureDer: Buffer;
}

/** Parses a certificate given as PEM, bare base64 (SDK style), DER or binarySecurityToken. */
export function parseCertificate(input: string | Uint8Array): ParsedCertificate {
  const { der } = decodeDerInput(input, 'certificate');
  let cert: Certificate;
  try {
    cert = AsnConvert.parse(der, Certificate);
  } catch (err) {
    throw new Error(`certificate: not an X.509 certificate (${(err as Error).message})`);
  }
  const tbs = cert.tbsCertificate;
  const base64 = der.toString('base64');
  const publicKeyDer = Buffer.from(AsnConvert.serialize(tbs.subjectPublicKeyInfo));
  const subject = nameAttributes(tbs.subject);
  const alternativeName = directoryNameOfAltName(cert);
  return {
    der,
    base64,
    certDigest: certificateDigest(base64),
    issuerName: formatDistinguishedName(tbs.issuer),
    serialNumber: BigInt(`0x${Buffer.from(tbs.serialNumber).toString('hex')}`).toString(10),
    subjectName: formatDistinguishedName(tbs.subject),
    subject,
    alternativeName,
    vatNumber: findVatNumber(subject, alternativeName),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    publicKeyDer,
    publicKey: createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' }),
    signatureDer: Buffer.from(cert.signatureValue),
  };
}

/** Whether two certificates are the same certificate (same DER). */
export function sameCertificate(a: ParsedCertificate, b: ParsedCertificate): boolean {
  return a.der.equals(b.der);
}

function directoryNameOfAltName(cert: Certificate): NameAttribute[] {
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectAltName);
  if (!ext) return [];
  const names = AsnConvert.parse(ext.extnValue, SubjectAlternativeName);
  return Array.from(names, (n) => n.directoryName)
    .filter((n): n is Name => n !== undefined)
    .flatMap(nameAttributes);
}

function findVatNumber(subject: NameAttribute[], altName: NameAttribute[]): string | undefined {
  const all = [...subject, ...altName];
  return (
    all.find((a) => a.name === 'organizationIdentifier')?.value ??
    all.find((a) => a.name === 'UID')?.value
  );
}
