import type { Document } from '@xmldom/xmldom';
import { parseCertificate, type ParsedCertificate } from '../crypto/certificate';
import { verifyInvoiceHashSignature } from '../crypto/verify-signature';
import { stageResult, type Finding, type StageResult } from '../validation/stage-result';
import { inspectInvoice, type EmbeddedSignature, type InvoiceInspection } from './inspect-invoice';
import { signedPropertiesDigest } from './signed-properties-digest';

export interface VerifySignatureOptions {
  /** The certificate the document must be signed with (PEM, base64 or DER). */
  certificate?: string | Uint8Array | ParsedCertificate;
  /** A parsed copy of the document, to save a parse; left unmodified. */
  dom?: Document;
}

/**
 * The 'signature' stage: the XAdES values agree with the document and the certificate, and the
 * SignatureValue verifies (ECDSA-SHA256 over the raw DigestValue bytes, spec 3.5).
 */
export function verifyInvoiceSignature(
  xml: string,
  options: VerifySignatureOptions = {},
): StageResult {
  return checkSignature(inspectInvoice(xml, options.dom), options.certificate);
}

export function checkSignature(
  inspection: InvoiceInspection,
  expectedCertificate?: VerifySignatureOptions['certificate'],
): StageResult {
  const findings: Finding[] = [];
  const fail = (code: string, message: string, severity: Finding['severity'] = 'error'): void => {
    findings.push({ stage: 'signature', code, severity, message });
  };
  const sig = inspection.signature;
  if (!sig) {
    // Simplified documents must be stamped by the EGS; standard ones may be (ZATCA stamps them).
    const simplified = inspection.values.simplified !== false;
    fail(
      'signature-missing',
      'the invoice has no ds:Signature in ext:UBLExtensions',
      simplified ? 'error' : 'warning',
    );
    return stageResult('signature', findings);
  }

  if (sig.invoiceDigest !== inspection.invoiceHash) {
    fail(
      'invalid-invoice-hash',
      `ds:DigestValue of the invoice reference is ${show(sig.invoiceDigest)}, ` +
        `but the invoice hash is ${inspection.invoiceHash}`,
    );
  }
  checkSignedProperties(sig, fail);

  const cert = sig.certificate;
  if (!cert) {
    fail(
      'invalid-certificate',
      sig.certificateError ?? 'ds:X509Certificate is missing from ds:KeyInfo',
    );
    return stageResult('signature', findings);
  }
  checkCertificateReferences(sig, cert, fail);
  checkSignatureValue(sig, cert, fail);
  if (expectedCertificate !== undefined) checkExpectedCertificate(cert, expectedCertificate, fail);
  const seller = inspection.values.vatNumber;
  if (cert.vatNumber && seller !== undefined && cert.vatNumber !== seller) {
    fail(
      'invalid-signing-certificate',
      `the signing certificate is for VAT number ${cert.vatNumber}, the seller's is ${seller}`,
      'warning',
    );
  }
  return stageResult('signature', findings);
}

type Fail = (code: string, message: string, severity?: Finding['severity']) => void;

function checkSignedProperties(sig: EmbeddedSignature, fail: Fail): void {
  if (!sig.signedProperties) {
    fail('signed-properties-hashing', 'xades:SignedProperties is missing');
    return;
  }
  let digest: string;
  try {
    digest = signedPropertiesDigest(sig.signedProperties.text, sig.signedProperties.namespaces);
  } catch (err) {
    fail('signed-properties-hashing', (err as Error).message);
    return;
  }
  if (digest !== sig.signedPropertiesDigest) {
    fail(
      'signed-properties-hashing',
      `ds:DigestValue of #xadesSignedProperties is ${show(sig.signedPropertiesDigest)}, ` +
        `but SignedProperties hashes to ${digest}`,
    );
  }
}

function checkCertificateReferences(
  sig: EmbeddedSignature,
  cert: ParsedCertificate,
  fail: Fail,
): void {
  if (sig.certDigest !== cert.certDigest) {
    fail(
      'signing-certificate-digest',
      `xades:CertDigest is ${show(sig.certDigest)}, but the embedded certificate's is ${cert.certDigest}`,
    );
  }
  if (sig.issuerName !== cert.issuerName) {
    fail(
      'certificate-issuer-name',
      `ds:X509IssuerName is ${show(sig.issuerName)}, but the certificate's issuer is "${cert.issuerName}"`,
    );
  }
  if (sig.serialNumber !== cert.serialNumber) {
    fail(
      'certificate-serial-number',
      `ds:X509SerialNumber is ${show(sig.serialNumber)}, but the certificate's serial is ${cert.serialNumber}`,
    );
  }
}

function checkSignatureValue(sig: EmbeddedSignature, cert: ParsedCertificate, fail: Fail): void {
  const digest = sig.invoiceDigest ? Buffer.from(sig.invoiceDigest, 'base64') : undefined;
  const value = sig.signatureValue ? Buffer.from(sig.signatureValue, 'base64') : undefined;
  if (!digest || digest.length !== 32 || !value || value.length === 0) {
    fail(
      'invalid-signature',
      'ds:SignatureValue or the invoice ds:DigestValue is missing or malformed',
    );
  } else if (!verifyInvoiceHashSignature(digest, value, cert.publicKey)) {
    fail(
      'invalid-signature',
      "ds:SignatureValue does not verify with the embedded certificate's public key",
    );
  }
}

function checkExpectedCertificate(
  cert: ParsedCertificate,
  expectedInput: NonNullable<VerifySignatureOptions['certificate']>,
  fail: Fail,
): void {
  let expected: ParsedCertificate;
  try {
    expected = isParsed(expectedInput) ? expectedInput : parseCertificate(expectedInput);
  } catch (err) {
    fail('invalid-certificate', `expected ${(err as Error).message}`);
    return;
  }
  if (!expected.der.equals(cert.der)) {
    fail(
      'signing-certificate-mismatch',
      `the embedded certificate (serial ${cert.serialNumber}) is not the expected one ` +
        `(serial ${expected.serialNumber})`,
    );
  }
}

function isParsed(c: VerifySignatureOptions['certificate']): c is ParsedCertificate {
  return typeof c === 'object' && c !== null && 'publicKeyDer' in c;
}

function show(value: string | undefined): string {
  return value === undefined ? 'missing' : `"${value}"`;
}
