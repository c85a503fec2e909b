import type { QrFields } from '../signing/unsigned-invoice';
import { decodeTlv, encodeTlv, type TlvEntry } from './tlv';

/** Values produced by signing, for QR tags 6-9. */
export interface QrStamp {
  /** Invoice hash, base64 (tag 6 carries this text). */
  invoiceHash: string;
  /** SignatureValue, base64 (tag 7 carries this text). */
  signatureValue: string;
  /** Certificate SubjectPublicKeyInfo DER (tag 8). */
  publicKeyDer: Uint8Array;
  /** Certificate's own DER signature (tag 9, simplified documents only). */
  certificateSignatureDer: Uint8Array;
}

/** QR content by name; binary tags 8 and 9 stay bytes. */
export interface DecodedQr {
  sellerName?: string;
  vatNumber?: string;
  timestamp?: string;
  totalWithVat?: string;
  vatTotal?: string;
  invoiceHash?: string;
  signatureValue?: string;
  publicKey?: Buffer;
  certificateSignature?: Buffer;
  /** Tags in payload order, including unknown ones. */
  entries: TlvEntry[];
}

const TEXT_TAGS = [
  [1, 'sellerName'],
  [2, 'vatNumber'],
  [3, 'timestamp'],
  [4, 'totalWithVat'],
  [5, 'vatTotal'],
  [6, 'invoiceHash'],
  [7, 'signatureValue'],
] as const;

/** Human names of tags 1-9, for CLI output and error messages. */
export const QR_TAG_NAMES: Record<number, string> = {
  1: 'seller name',
  2: 'VAT number',
  3: 'timestamp',
  4: 'total with VAT',
  5: 'VAT total',
  6: 'invoice hash',
  7: 'signature',
  8: 'public key',
  9: 'certificate signature',
};

/**
 * The base64 QR payload (KSA-14): tags 1-8, plus tag 9 for simplified documents only (spec 4.2).
 * Text tags are UTF-8; tags 6/7 carry the base64 strings, 8/9 raw DER.
 */
export function buildQr(fields: QrFields, stamp: QrStamp): string {
  const text = (tag: number, value: string): TlvEntry => ({ tag, value: Buffer.from(value) });
  const entries: TlvEntry[] = [
    text(1, fields.sellerName),
    text(2, fields.vatNumber),
    text(3, fields.timestamp),
    text(4, fields.totalWithVat),
    text(5, fields.vatTotal),
    text(6, stamp.invoiceHash),
    text(7, stamp.signatureValue),
    { tag: 8, value: stamp.publicKeyDer },
  ];
  if (fields.simplified) entries.push({ tag: 9, value: stamp.certificateSignatureDer });
  return encodeTlv(entries).toString('base64');
}

/** Decodes a base64 QR payload; throws on bad base64 or TLV structure. */
export function decodeQr(base64: string): DecodedQr {
  const compact = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw new Error('QR: payload is not base64');
  }
  const entries = decodeTlv(Buffer.from(compact, 'base64'));
  const decoded: DecodedQr = { entries };
  for (const { tag, value } of entries) {
    const named = TEXT_TAGS.find(([t]) => t === tag);
    if (named) decoded[named[1]] = decodeUtf8(value, tag);
    else if (tag === 8) decoded.publicKey = Buffer.from(value);
    else if (tag === 9) decoded.certificateSignature = Buffer.from(value);
  }
  return decoded;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(value: Uint8Array, tag: number): string {
  try {
    return utf8.decode(value);
  } catch {
    throw new Error(`QR tag ${tag} (${QR_TAG_NAMES[tag]}): value is not valid UTF-8`);
  }
}
