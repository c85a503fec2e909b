import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  Attribute,
  AttributeTypeAndValue,
  DirectoryString,
  Extension,
  Extensions,
  GeneralName,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  type AttributeValue,
} from '@peculiar/asn1-x509';
import { Attributes, CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import { assertSecp256k1 } from '../keys/secp256k1-key';
import { templateNameFor, type CsrEnvironment } from './certificate-template';
import { assertValidCsrFields } from './csr-config';
import { csrDerToPem, csrPemToApiForm } from './csr-encoding';
import type { CsrFields } from './csr-fields';
import { OID } from './csr-oids';
import { sanString, subjectString } from './directory-string';

export interface GenerateCsrOptions {
  fields: CsrFields;
  /** The EGS unit's secp256k1 private key; the CSR carries its public key. */
  privateKey: KeyObject;
  /** Picks the certificate template name (spec 5.3). */
  environment: CsrEnvironment;
}

export interface GeneratedCsr {
  der: Buffer;
  pem: string;
  /** base64 of the PEM text: the `csr` value for the Fatoora API (spec 5.4). */
  base64: string;
}

/**
 * Builds and signs a ZATCA PKCS#10 CSR. Fields are checked again here so a caller that did not
 * come through parseCsrConfig cannot produce a CSR ZATCA would refuse.
 */
export function generateCsr({ fields, privateKey, environment }: GenerateCsrOptions): GeneratedCsr {
  assertValidCsrFields(fields);
  assertSecp256k1(privateKey, 'private');

  const info = new CertificationRequestInfo({
    version: 0,
    subject: buildSubject(fields),
    subjectPKInfo: AsnConvert.parse(
      createPublicKey(privateKey).export({ format: 'der', type: 'spki' }),
      SubjectPublicKeyInfo,
    ),
    attributes: new Attributes([
      new Attribute({
        type: OID.extensionRequest,
        values: [AsnConvert.serialize(buildExtensions(fields, environment))],
      }),
    ]),
  });
  const infoDer = Buffer.from(AsnConvert.serialize(info));
  // node:crypto rather than WebCrypto: WebCrypto has no secp256k1. The signature is DER ECDSA.
  const signature = sign('sha256', infoDer, privateKey);

  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 }),
    signature: toArrayBuffer(signature),
  });
  const der = Buffer.from(AsnConvert.serialize(request));
  const pem = csrDerToPem(der);
  return { der, pem, base64: csrPemToApiForm(pem) };
}

function buildSubject(fields: CsrFields): Name {
  // C, OU, O, CN: the order of the SDK and ERPGulf; ZATCA does not depend on it (spec 5.2).
  return new Name([
    rdn(OID.countryName, subjectString(fields.country)),
    rdn(OID.organizationalUnitName, subjectString(fields.organizationUnit)),
    rdn(OID.organizationName, subjectString(fields.organization)),
    rdn(OID.commonName, subjectString(fields.commonName)),
  ]);
}

function buildExtensions(fields: CsrFields, environment: CsrEnvironment): Extensions {
  const templateName = new DirectoryString({ utf8String: templateNameFor(environment) });
  // One directoryName, attributes in the order of ZATCA-issued certificates (spec 5.3).
  const sanDirectory = new Name([
    rdn(OID.surname, sanString(fields.serialNumber)),
    rdn(OID.userId, sanString(fields.vatNumber)),
    rdn(OID.title, sanString(fields.invoiceType)),
    rdn(OID.registeredAddress, sanString(fields.locationAddress)),
    rdn(OID.businessCategory, sanString(fields.businessCategory)),
  ]);
  return new Extensions([
    new Extension({
      extnID: OID.certificateTemplateName,
      critical: false,
      extnValue: new OctetString(AsnConvert.serialize(templateName)),
    }),
    new Extension({
      extnID: OID.subjectAltName,
      critical: false,
      extnValue: new OctetString(
        AsnConvert.serialize(
          new SubjectAlternativeName([new GeneralName({ directoryName: sanDirectory })]),
        ),
      ),
    }),
  ]);
}

function rdn(type: string, value: AttributeValue): RelativeDistinguishedName {
  return new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
