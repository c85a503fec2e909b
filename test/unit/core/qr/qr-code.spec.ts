import { buildQr, decodeQr } from '../../../../src/core/qr/qr-code';
import { decodeTlv, encodeTlv } from '../../../../src/core/qr/tlv';

const fields = {
  sellerName: 'شركة توريد التكنولوجيا | Maximum Speed',
  vatNumber: '399999999900003',
  timestamp: '2022-08-17T17:41:08',
  totalWithVat: '231.15',
  vatTotal: '30.15',
  simplified: true,
};
const stamp = {
  invoiceHash: 'z5F9qsS6oWyDhehD8u8S0DaxV+2CUiUz9Y+UsR61JgQ=',
  signatureValue: 'MEUCIQ' + 'A'.repeat(90),
  publicKeyDer: Buffer.alloc(88, 7),
  certificateSignatureDer: Buffer.alloc(71, 9),
};

test('TLV lengths are UTF-8 byte counts', () => {
  const bytes = encodeTlv([{ tag: 1, value: Buffer.from('شركة') }]);
  expect([...bytes]).toEqual([1, 8, ...Buffer.from('شركة')]);
});

test('values over 255 bytes are an error naming the tag', () => {
  expect(() => encodeTlv([{ tag: 1, value: Buffer.alloc(256) }])).toThrow(
    'QR tag 1: value is 256 bytes, at most 255 fit in a TLV',
  );
  expect(() => buildQr({ ...fields, sellerName: 'ش'.repeat(128) }, stamp)).toThrow('QR tag 1');
  expect(() => encodeTlv([{ tag: 255, value: Buffer.alloc(255) }])).not.toThrow();
});

test('simplified QR carries tags 1-9 and decodes back to the same values', () => {
  const qr = decodeQr(buildQr(fields, stamp));
  expect(qr.entries.map((e) => e.tag)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(qr).toMatchObject({
    sellerName: fields.sellerName,
    vatNumber: fields.vatNumber,
    timestamp: fields.timestamp,
    totalWithVat: fields.totalWithVat,
    vatTotal: fields.vatTotal,
    invoiceHash: stamp.invoiceHash,
    signatureValue: stamp.signatureValue,
  });
  expect(qr.publicKey!.equals(stamp.publicKeyDer)).toBe(true);
  expect(qr.certificateSignature!.equals(stamp.certificateSignatureDer)).toBe(true);
});

test('standard QR stops at tag 8', () => {
  const qr = decodeQr(buildQr({ ...fields, simplified: false }, stamp));
  expect(qr.entries.map((e) => e.tag)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
});

test('undecodable payloads are errors saying why', () => {
  expect(() => decodeQr('***')).toThrow('QR: payload is not base64');
  expect(() => decodeTlv(Buffer.from([1, 5, 65]))).toThrow('QR tag 1: length 5 runs past the end');
  expect(() => decodeTlv(Buffer.from([1]))).toThrow('truncated header');
  expect(() => decodeQr(Buffer.from([1, 2, 0xc3, 0x28]).toString('base64'))).toThrow(
    'QR tag 1 (seller name): value is not valid UTF-8',
  );
});
