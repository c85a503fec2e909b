import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { ZATCA_CURVE } from '../keys/secp256k1-key';
import { environmentForTemplateName, type CsrEnvironment } from './certificate-template';
import { decodeCsrInput, CsrEncodingError, type CsrInputForm } from './csr-encoding';
import type { CsrFieldName, CsrFields } from './csr-fields';
import { findFieldProblems } from './csr-field-rules';
import { OID } from './csr-oids';
import { CsrParseError } from './csr-parse-error';
import { readExtensionRequest } from './read-extension-request';
import { readStrictName } from './read-name';

export interface CsrSubject {
  country: string;
  organizationUnit: string;
  organization: string;
  commonName: string;
}

export interface CsrSanFields {
  serialNumber: string;
  vatNumber: string;
  invoiceType: string;
  locationAddress: string;
  businessCategory: string;
}

export interface ParsedCsr {
  subject: CsrSubject;
  san: CsrSanFields;
  /** Subject and SAN together, in the shape of a csr-config. */
  fields: CsrFields;
  templateName: string;
  environment: CsrEnvironment;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo DER, ready to go into a certificate. */
  publicKeyDer: Buffer;
  /** Whether the CSR's signature verifies with its own public key (proof of possession). */
  signatureValid: boolean;
  /** How the CSR was given; Fatoora's API takes only 'api-base64' (spec 5.4). */
  inputForm: CsrInputForm;
  der: Buffer;
  /** Non-critical extensions ZATCA does not use. */
  otherExtensionOids: string[];
}

const SUBJECT_LABELS: Record<string, string> = {
  [OID.countryName]: 'C',
  [OID.organizationalUnitName]: 'OU',
  [OID.organizationName]: 'O',
  [OID.commonName]: 'CN',
};

const SAN_LABELS: Record<string, string> = {
  [OID.surname]: 'SN',
  [OID.userId]: 'UID',
  [OID.title]: 'title',
  [OID.registeredAddress]: 'registeredAddress',
  [OID.businessCategory]: 'businessCategory',
};

/** Where each field sits in a CSR, for error messages. */
const FIELD_LOCATIONS: Record<CsrFieldName, string> = {
  commonName: 'subject CN',
  organizationUnit: 'subject OU',
  organization: 'subject O',
  country: 'subject C',
  serialNumber: 'SAN SN (EGS serial number)',
  vatNumber: 'SAN UID (VAT number)',
  invoiceType: 'SAN title (invoice type)',
  locationAddress: 'SAN registeredAddress (location)',
  businessCategory: 'SAN businessCategory',
};

/**
 * Reads a ZATCA CSR (PEM, API base64 form, base64 DER or DER) and checks it strictly: DER
 * structure, ecdsa-with-SHA256 over a secp256k1 key, the four subject attributes, the five SAN
 * attributes, a known template name, and every field against the csr-config rules. Throws
 * CsrParseError naming the part at fault. A bad signature does not throw: it is reported in
 * `signatureValid`, so a caller can say so in its own words.
 *
 * Strictness choices: subject and SAN attributes other than the nine ZATCA uses are refused
 * (ZATCA-issued certificates carry exactly these); the order of attributes is not enforced
 * (spec 5.2 notes ZATCA accepts either subject order, and nothing says SAN order is checked);
 * non-critical extensions ZATCA does not use are listed in `otherExtensionOids`, not refused.
 */
export function parseCsr(input: string | Uint8Array): ParsedCsr {
  const { der, form } = decode(input);
  const request = parseDer(der);
  const info = request.certificationRequestInfo;
  if (info.version !== 0) throw new CsrParseError([`version must be 0 (v1), got ${info.version}`]);
  const { algorithm, parameters } = request.signatureAlgorithm;
  if (algorithm !== OID.ecdsaWithSha256) {
    throw new CsrParseError([
      `signature algorithm must be ecdsa-with-SHA256 (${OID.ecdsaWithSha256}), got ${algorithm}`,
    ]);
  }
  // RFC 5758 3.2: the parameters field MUST be absent for ecdsa-with-SHA256.
  if (parameters !== undefined) {
    throw new CsrParseError(['signature algorithm ecdsa-with-SHA256 must have no parameters']);
  }
  const publicKeyDer = Buffer.from(AsnConvert.serialize(info.subjectPKInfo));
  const publicKey = readPublicKey(publicKeyDer);

  const subjectValues = readStrictName(info.subject, 'subject', SUBJECT_LABELS);
  const extensions = readExtensionRequest(info.attributes);
  const sanValues = readStrictName(extensions.sanDirectoryName, 'SAN directoryName', SAN_LABELS);
  const environment = environmentForTemplateName(extensions.templateName);
  if (!environment) {
    throw new CsrParseError([
      // JSON quoting keeps a hostile name from breaking the one-line message.
      `certificate template name ${JSON.stringify(extensions.templateName)} is not one ZATCA issues ` +
        '(TSTZATCA-Code-Signing, PREZATCA-Code-Signing or ZATCA-Code-Signing)',
    ]);
  }

  const subject: CsrSubject = {
    country: subjectValues.get(OID.countryName)!,
    organizationUnit: subjectValues.get(OID.organizationalUnitName)!,
    organization: subjectValues.get(OID.organizationName)!,
    commonName: subjectValues.get(OID.commonName)!,
  };
  const san: CsrSanFields = {
    serialNumber: sanValues.get(OID.surname)!,
    vatNumber: sanValues.get(OID.userId)!,
    invoiceType: sanValues.get(OID.title)!,
    locationAddress: sanValues.get(OID.registeredAddress)!,
    businessCategory: sanValues.get(OID.businessCategory)!,
  };
  const fields: CsrFields = { ...subject, ...san };
  const problems = findFieldProblems(fields);
  if (problems.length > 0) {
    throw new CsrParseError(problems.map(({ field, rule }) => `${FIELD_LOCATIONS[field]} ${rule}`));
  }

  return {
    subject,
    san,
    fields,
    templateName: extensions.templateName,
    environment,
    publicKey,
    publicKeyDer,
    signatureValid: verifySignature(request, publicKey),
    inputForm: form,
    der,
    otherExtensionOids: extensions.otherExtensionOids,
  };
}

function decode(input: string | Uint8Array): { der: Buffer; form: CsrInputForm } {
  try {
    return decodeCsrInput(input);
  } catch (error) {
    if (error instanceof CsrEncodingError) throw new CsrParseError([error.message]);
    throw error;
  }
}

function parseDer(der: Buffer): CertificationRequest {
  // The ASN.1 reader ignores bytes after the outer SEQUENCE; a signed object must not have any.
  const length = derElementLength(der);
  if (length === undefined || length !== der.length) {
    throw new CsrParseError(['DER length does not match the data (truncated or trailing bytes)']);
  }
  try {
    return AsnConvert.parse(der, CertificationRequest);
  } catch {
    throw new CsrParseError(['not a PKCS#10 CertificationRequest']);
  }
}

/** Total length (header + content) of the DER element at the start of `der`. */
function derElementLength(der: Buffer): number | undefined {
  if (der.length < 2 || der[0] !== 0x30) return undefined;
  const first = der[1];
  if (first < 0x80) return 2 + first;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || der.length < 2 + octets) return undefined;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + der[2 + i];
  return 2 + octets + length;
}

function readPublicKey(spki: Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw new CsrParseError(['subject public key is not a valid public key']);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== ZATCA_CURVE) {
    throw new CsrParseError([
      `subject public key must be EC on ${ZATCA_CURVE}, got ${key.asymmetricKeyType}${curve ? ` ${curve}` : ''}`,
    ]);
  }
  return key;
}

function verifySignature(request: CertificationRequest, publicKey: KeyObject): boolean {
  // Verify over the bytes as received, not a re-encoding of what was parsed.
  const raw = request.certificationRequestInfoRaw as ArrayBuffer | Uint8Array | undefined;
  if (!raw) return false;
  const signedBytes = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
  try {
    return verify('sha256', signedBytes, publicKey, Buffer.from(request.signature));
  } catch {
    // A signature that is not even a DER ECDSA value simply does not verify.
    return false;
  }
}
