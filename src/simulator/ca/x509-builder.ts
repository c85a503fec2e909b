import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Time,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  id_kp_codeSigning,
} from '@peculiar/asn1-x509';

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const DOMAIN_COMPONENT = '0.9.2342.19200300.100.1.25';
const COMMON_NAME = '2.5.4.3';

export interface CertificateSpec {
  subject: Name;
  subjectPublicKeyDer: Buffer;
  issuer: Name;
  issuerKey: KeyObject;
  /** SubjectPublicKeyInfo DER of the issuer, for the authority key identifier. */
  issuerPublicKeyDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** Extensions beyond SKI/AKI (SAN, key usage, EKU, basic constraints...). */
  extensions: Extension[];
}

/** Issuer names in the DC/CN style of ZATCA's CAs, e.g. CN=..., DC=extgazt, DC=gov, DC=local. */
export function caName(commonName: string, domainComponents: string[]): Name {
  // ASN.1 order is root first: DC=local, DC=..., then CN.
  const rdns = [...domainComponents].reverse().map(
    (dc) =>
      new RelativeDistinguishedName([
        new AttributeTypeAndValue({
          type: DOMAIN_COMPONENT,
          value: new AttributeValue({ ia5String: dc }),
        }),
      ]),
  );
  rdns.push(
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: COMMON_NAME,
        value: new AttributeValue({ printableString: commonName }),
      }),
    ]),
  );
  return new Name(rdns);
}

export function extension(extnID: string, critical: boolean, value: object): Extension {
  return new Extension({
    extnID,
    critical,
    extnValue: new OctetString(AsnConvert.serialize(value)),
  });
}

/** keyUsage digitalSignature (critical) and EKU clientAuth + codeSigning, as ZATCA's CSIDs carry (spec 5.3). */
export function codeSigningExtensions(): Extension[] {
  return [
    extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature)),
    extension(
      id_ce_extKeyUsage,
      false,
      new ExtendedKeyUsage([id_kp_codeSigning, id_kp_clientAuth]),
    ),
  ];
}

export function caExtensions(): Extension[] {
  return [
    extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true })),
    extension(
      id_ce_keyUsage,
      true,
      new KeyUsage(
        KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature,
      ),
    ),
  ];
}

/** A positive random serial, 16 bytes, as ZATCA's CA uses long random serials. */
export function randomSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x10; // positive, no leading zero byte
  return serial;
}

/** Builds the TBSCertificate and signs it with ECDSA-SHA256 (secp256k1 issuer key). Returns DER. */
export function buildCertificate(spec: CertificateSpec): Buffer {
  const algorithm = new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const keyId = (spki: Buffer) => {
    const info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
    return createHash('sha1').update(Buffer.from(info.subjectPublicKey)).digest();
  };
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(randomSerial()),
    signature: algorithm,
    issuer: spec.issuer,
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: spec.subject,
    subjectPublicKeyInfo: AsnConvert.parse(spec.subjectPublicKeyDer, SubjectPublicKeyInfo),
    extensions: new Extensions([
      ...spec.extensions,
      extension(
        id_ce_subjectKeyIdentifier,
        false,
        new SubjectKeyIdentifier(keyId(spec.subjectPublicKeyDer)),
      ),
      extension(
        id_ce_authorityKeyIdentifier,
        false,
        new AuthorityKeyIdentifier({
          keyIdentifier: new KeyIdentifier(keyId(spec.issuerPublicKeyDer)),
        }),
      ),
    ]),
  });
  // UTCTime for dates before 2050, as X.509 requires.
  tbs.validity.notBefore = new Time(spec.notBefore);
  tbs.validity.notAfter = new Time(spec.notAfter);
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, { key: spec.issuerKey, dsaEncoding: 'der' });
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: toArrayBuffer(signature),
  });
  return Buffer.from(AsnConvert.serialize(certificate));
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
