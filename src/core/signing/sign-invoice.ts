import type { ParsedCertificate } from '../crypto/certificate';
import { parseXml } from '../xml/parse-xml';
import { buildQr } from '../qr/qr-code';
import { assertKeyMatchesCertificate, type SigningCredentials } from './credentials';
import { readQrFields } from './document-fields';
import { invoiceHashBytes, usableParts } from './invoice-hash';
import {
  SIGNATURE_REFERENCE,
  renderQrReference,
  renderSignedProperties,
  renderUblExtensions,
} from './signature-templates';
import { standaloneDigest } from './signed-properties-digest';
import { resolveSigningTime } from './signing-time';
import type { UnsignedInvoice } from './unsigned-invoice';

export interface SignOptions {
  /** xades:SigningTime, used verbatim if a string; default: now, `YYYY-MM-DDTHH:mm:ss` UTC. */
  signingTime?: string | Date;
}

export interface SignedInvoice {
  /** The signed document text: submit exactly these bytes (UTF-8). */
  xml: string;
  /** base64 invoice hash: API invoiceHash, QR tag 6, next document's PIH. */
  invoiceHash: string;
  /** base64 DER ECDSA signature. */
  signatureValue: string;
  /** base64 QR payload (KSA-14). */
  qr: string;
  /** cbc:UUID of the document, when found. */
  uuid?: string;
}

/**
 * Signs an invoice: hash, stamp, SignedProperties, QR, and splices ext:UBLExtensions, the QR
 * reference and cac:Signature in at `unsigned.insertAt`. Everything outside those blocks is
 * left byte for byte as given, so the hash stays valid.
 */
export function signInvoice(
  unsigned: UnsignedInvoice,
  credentials: SigningCredentials,
  options: SignOptions = {},
): SignedInvoice {
  const { signer, certificate } = credentials;
  checkOffsets(unsigned);
  assertKeyMatchesCertificate(credentials);
  const signingTime = resolveSigningTime(options.signingTime);

  const hashBytes = invoiceHashBytes(unsigned);
  const invoiceHash = hashBytes.toString('base64');
  const signatureValue = Buffer.from(signer.sign(hashBytes)).toString('base64');

  const { signedProperties, digest } = signedPropertiesFor(certificate, signingTime);
  const extensions = renderUblExtensions({
    invoiceHash,
    signedPropertiesDigest: digest,
    signatureValue,
    certificateBase64: certificate.base64,
    signedProperties,
  });

  const fields =
    unsigned.qrFields ?? readQrFields(parseXml(unsigned.xml, 'invoice').documentElement!);
  const qr = buildQr(fields, {
    invoiceHash,
    signatureValue,
    publicKeyDer: certificate.publicKeyDer,
    certificateSignatureDer: certificate.signatureDer,
  });

  const xml = splice(unsigned, [extensions, renderQrReference(qr), SIGNATURE_REFERENCE]);
  return { xml, invoiceHash, signatureValue, qr, uuid: unsigned.uuid ?? findUuid(unsigned.xml) };
}

// SignedProperties and their digest depend on the certificate and the signing time only, so
// invoices signed in the same second with the same certificate share them.
let lastSignedProperties:
  | {
      certificate: ParsedCertificate;
      signingTime: string;
      signedProperties: string;
      digest: string;
    }
  | undefined;

function signedPropertiesFor(
  certificate: ParsedCertificate,
  signingTime: string,
): { signedProperties: string; digest: string } {
  const last = lastSignedProperties;
  if (last?.certificate === certificate && last.signingTime === signingTime) return last;
  const values = {
    signingTime,
    certDigest: certificate.certDigest,
    issuerName: certificate.issuerName,
    serialNumber: certificate.serialNumber,
  };
  const signedProperties = renderSignedProperties(values);
  const digest = standaloneDigest(renderSignedProperties(values, true));
  lastSignedProperties = { certificate, signingTime, signedProperties, digest };
  return lastSignedProperties;
}

function checkOffsets({ xml, insertAt }: UnsignedInvoice): void {
  for (const part of ['extensions', 'qr', 'signature'] as const) {
    const at = insertAt[part];
    if (!Number.isInteger(at) || at < 0 || at > xml.length) {
      throw new Error(`UnsignedInvoice.insertAt.${part} (${at}) is outside the document`);
    }
  }
}

// Inserts in offset order; at equal offsets extensions come before the QR, the QR before
// cac:Signature (the SDK's document order).
// With `parts`, only the parts that receive a block are sliced: slicing the whole text would
// first flatten it into one large string (see UnsignedInvoice.parts).
function splice(
  unsigned: UnsignedInvoice,
  [extensions, qr, signature]: [string, string, string],
): string {
  const { xml, insertAt } = unsigned;
  const blocks = [
    { at: insertAt.extensions, text: extensions },
    { at: insertAt.qr, text: qr },
    { at: insertAt.signature, text: signature },
  ].sort((a, b) => a.at - b.at);
  const parts = usableParts(unsigned) ?? [xml];
  let out = '';
  let position = 0;
  let b = 0;
  for (const part of parts) {
    const end = position + part.length;
    let from = 0;
    for (; b < blocks.length && blocks[b].at < end; b++) {
      const at = blocks[b].at - position;
      out += part.slice(from, at) + blocks[b].text;
      from = at;
    }
    out += from === 0 ? part : part.slice(from);
    position = end;
  }
  for (; b < blocks.length; b++) out += blocks[b].text;
  return out;
}

// cbc:UUID is the third header element, so its first occurrence is the document's (the ICV
// reference's cbc:UUID comes later). A cheap scan instead of a parse on the hot path.
function findUuid(xml: string): string | undefined {
  return /<cbc:UUID>([^<]*)<\/cbc:UUID>/.exec(xml)?.[1];
}
