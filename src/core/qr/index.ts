export { encodeTlv, decodeTlv, type TlvEntry } from './tlv';
export { buildQr, decodeQr, QR_TAG_NAMES, type DecodedQr, type QrStamp } from './qr-code';
