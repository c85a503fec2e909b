import { writeUtf8 } from '../encoding/utf8';
import type { QrFields } from '../signing/unsigned-invoice';
import { MAX_TLV_VALUE, decodeTlv, tooLong, type TlvEntry } from './tlv';

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
 * Text tags are UTF-8; tags 6/7 carry the base64 strings, 8/9 raw DER. The same bytes as
 * encodeTlv, written straight into one buffer: this runs once per signed invoice.
 */
export function buildQr(fields: QrFields, stamp: QrStamp): string {
  const texts = [
    fields.sellerName,
    fields.vatNumber,
    fields.timestamp,
    fields.totalWithVat,
    fields.vatTotal,
    stamp.invoiceHash,
    stamp.signatureValue,
  ];
  const binaries = [stamp.publicKeyDer];
  if (fields.simplified) binaries.push(stamp.certificateSignatureDer);
  // Room for the worst case (3 UTF-8 bytes per UTF-16 unit), so no text is ever cut short.
  let room = 2 * (texts.length + binaries.length);
  for (const t of texts) room += 3 * t.length;
  for (const b of binaries) room += b.length;
  const out = room <= payload.length ? payload : Buffer.allocUnsafe(room);
  let at = 0;
  const put = (tag: number, length: number) => {
    if (length > MAX_TLV_VALUE) throw tooLong(tag, length);
    out[at] = tag;
    out[at + 1] = length;
    at += 2 + length;
  };
  texts.forEach((text, i) => {
    const end = writeUtf8(out, at + 2, text);
    put(i + 1, end - at - 2);
  });
  binaries.forEach((bytes, i) => {
    out.set(bytes, at + 2);
    put(texts.length + i + 1, bytes.length);
  });
  return out.toString('base64', 0, at);
}

// Kept between calls; large enough for ordinary payloads (a bigger one gets its own buffer).
const payload = Buffer.allocUnsafe(4096);

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
