import type { Document } from '@xmldom/xmldom';
import type { KeyObject } from 'node:crypto';
import { createSigner, type Signer } from '../../core/crypto';
import { buildQr } from '../../core/qr';
import { readQrFields } from '../../core/signing/document-fields';
import { renderQrReference } from '../../core/signing/signature-templates';
import type { CaIdentity } from '../ca/simulator-ca';

/**
 * The clearedInvoice ZATCA returns (spec 3.6, 4.2): the submitted document with ZATCA's QR —
 * tags 1-8, tag 7 the CA's signature over the invoice hash, tag 8 the CA's public key. The QR
 * reference is excluded from the hash, and it is spliced in without touching any whitespace
 * outside it, so the cleared document has the same invoice hash as the submitted one.
 */
export function stampClearedInvoice(
  xml: string,
  invoiceHash: string,
  ca: CaIdentity,
  /** The caller's parse of `xml`; only read. */
  dom: Document,
): string {
  const fields = { ...readQrFields(dom.documentElement!), simplified: false };
  const signatureValue = Buffer.from(
    caSigner(ca.key).sign(Buffer.from(invoiceHash, 'base64')),
  ).toString('base64');
  const qr = buildQr(fields, {
    invoiceHash,
    signatureValue,
    publicKeyDer: ca.publicKeyDer,
    certificateSignatureDer: ca.certificate.signatureDer,
  });
  return replaceOrInsertQr(xml, qr);
}

// One signer per CA key (libsecp256k1 where installed, as the EGS units sign).
const signers = new WeakMap<KeyObject, Signer>();

function caSigner(key: KeyObject): Signer {
  let signer = signers.get(key);
  if (!signer) signers.set(key, (signer = createSigner(key, 'secp256k1')));
  return signer;
}

const QR_REFERENCE =
  /<cac:AdditionalDocumentReference>\s*<cbc:ID>\s*QR\s*<\/cbc:ID>[\s\S]*?<\/cac:AdditionalDocumentReference>/;

function replaceOrInsertQr(xml: string, qr: string): string {
  if (QR_REFERENCE.test(xml)) return xml.replace(QR_REFERENCE, renderQrReference(qr));
  // No QR yet (standard documents may come without): put it right before cac:Signature, or
  // after the last document reference, with no whitespace of its own outside the element.
  const signatureAt = xml.indexOf('<cac:Signature>');
  const at = signatureAt >= 0 ? signatureAt : lastReferenceEnd(xml);
  if (at < 0)
    throw new Error('cannot place the QR: no cac:Signature or cac:AdditionalDocumentReference');
  return xml.slice(0, at) + renderQrReference(qr) + xml.slice(at);
}

function lastReferenceEnd(xml: string): number {
  const end = '</cac:AdditionalDocumentReference>';
  const at = xml.lastIndexOf(end);
  return at < 0 ? -1 : at + end.length;
}
