import type { Document } from '@xmldom/xmldom';
import { decodeQr, QR_TAG_NAMES, type DecodedQr } from '../qr/qr-code';
import { stageResult, type Finding, type StageResult } from '../validation/stage-result';
import { inspectInvoice, type InvoiceInspection } from './inspect-invoice';

/**
 * The 'qr' stage: the QR decodes, tags 1-5 equal the document's values exactly, 6 is the
 * invoice hash, 7 the SignatureValue, 8 the certificate's public key and, for simplified
 * documents, 9 the certificate's signature (spec 4.2).
 */
export function verifyInvoiceQr(xml: string, options: { dom?: Document } = {}): StageResult {
  return checkQr(inspectInvoice(xml, options.dom));
}

const DOCUMENT_TAGS = [
  [1, 'sellerName'],
  [2, 'vatNumber'],
  [3, 'timestamp'],
  [4, 'totalWithVat'],
  [5, 'vatTotal'],
] as const;

export function checkQr(inspection: InvoiceInspection): StageResult {
  const findings: Finding[] = [];
  const fail = (code: string, message: string, severity: Finding['severity'] = 'error'): void => {
    findings.push({ stage: 'qr', code, severity, message });
  };
  const simplified = inspection.values.simplified === true;
  if (inspection.qr === undefined) {
    // Standard documents get their QR from ZATCA at clearance (spec 4.2).
    if (simplified) fail('QRCODE_INVALID', 'the simplified invoice has no QR reference');
    return stageResult('qr', findings);
  }
  let qr: DecodedQr;
  try {
    qr = decodeQr(inspection.qr);
  } catch (err) {
    fail('QRCODE_INVALID', `the QR code cannot be decoded: ${(err as Error).message}`);
    return stageResult('qr', findings);
  }

  for (const [tag, field] of DOCUMENT_TAGS) {
    const expected = inspection.values[field];
    const actual = qr[field];
    if (actual === expected) continue;
    if (tag === 4 && actual !== undefined && actual === inspection.values.taxInclusiveAmount) {
      // Older SDKs (3.2.7) put TaxInclusiveAmount here; 3.4.8 uses PayableAmount.
      fail(
        'QRCODE_INVALID',
        `QR tag 4 (${QR_TAG_NAMES[4]}) is TaxInclusiveAmount "${actual}"; SDK 3.4.8 writes ` +
          `PayableAmount ${show(expected)}`,
        'warning',
      );
      continue;
    }
    const message = `QR tag ${tag} (${QR_TAG_NAMES[tag]}) is ${show(actual)}, the document has ${show(expected)}`;
    // ZATCA reports a timestamp mismatch as its own warning (spec 4.2).
    if (tag === 3) fail('invoiceTimeStamp_QRCODE_INVALID', message, 'warning');
    else fail('QRCODE_INVALID', message);
  }
  const expectText = (
    tag: number,
    actual: string | undefined,
    expected: string | undefined,
    what: string,
  ): void => {
    if (actual !== expected) {
      fail(
        'QRCODE_INVALID',
        `QR tag ${tag} (${QR_TAG_NAMES[tag]}) is ${show(actual)}, ${what} is ${show(expected)}`,
      );
    }
  };
  expectText(6, qr.invoiceHash, inspection.invoiceHash, 'the invoice hash');
  const sig = inspection.signature;
  if (!sig) {
    fail('QRCODE_INVALID', 'tags 7-9 cannot be checked: the invoice has no signature');
    return stageResult('qr', findings);
  }
  expectText(7, qr.signatureValue, sig.signatureValue, 'ds:SignatureValue');
  const cert = sig.certificate;
  if (!cert) {
    fail('QRCODE_INVALID', 'tags 8-9 cannot be checked: the embedded certificate is unusable');
    return stageResult('qr', findings);
  }
  if (!qr.publicKey?.equals(cert.publicKeyDer)) {
    fail(
      'QRCODE_INVALID',
      `QR tag 8 (${QR_TAG_NAMES[8]}) ${qr.publicKey ? "is not the certificate's public key" : 'is missing'}`,
    );
  }
  if (simplified && !qr.certificateSignature?.equals(cert.signatureDer)) {
    fail(
      'QRCODE_INVALID',
      `QR tag 9 (${QR_TAG_NAMES[9]}) ${qr.certificateSignature ? "is not the certificate's signature" : 'is missing'}`,
    );
  }
  return stageResult('qr', findings);
}

function show(value: string | undefined): string {
  return value === undefined ? 'missing' : `"${value}"`;
}
