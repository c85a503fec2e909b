import type { Document, Element } from '@xmldom/xmldom';
import type { ParsedCertificate } from '../crypto/certificate';
import { parseCertificateCached } from '../crypto/certificate-cache';
import { parseXml } from '../xml/parse-xml';
import { descend, findDescendant, firstChild, textOf } from './dom';
import { findExcludedElements } from './excluded-elements';
import { readQrValues, type DocumentQrValues } from './document-fields';
import { invoiceHashBytesKeepingDocument, invoiceHashBytesOfDocument } from './invoice-hash';
import { NS } from './namespaces';

/** What the XAdES block of a document says, as written (base64 values whitespace-free). */
export interface EmbeddedSignature {
  invoiceDigest?: string;
  signedPropertiesDigest?: string;
  signatureValue?: string;
  certificateBase64?: string;
  /** Parsed embedded certificate, or why it could not be parsed. */
  certificate?: ParsedCertificate;
  certificateError?: string;
  /** Exact text of xades:SignedProperties and the namespaces it inherits. */
  signedProperties?: { text: string; namespaces: Record<string, string> };
  signingTime?: string;
  certDigest?: string;
  issuerName?: string;
  serialNumber?: string;
}

/** Everything the 'signature' and 'qr' stages check, read and computed once per document. */
export interface InvoiceInspection {
  /** Recomputed invoice hash (base64). */
  invoiceHash: string;
  values: DocumentQrValues;
  /** Undefined when the document has no ds:Signature in ext:UBLExtensions. */
  signature?: EmbeddedSignature;
  /** QR payload text; undefined when there is no QR reference. */
  qr?: string;
}

let last: { xml: string; inspection: InvoiceInspection } | undefined;

/**
 * Reads the signature parts and QR of an invoice and recomputes its hash. `dom` may be a parsed
 * copy of `xml` to save a parse; it is not modified. The last result is cached so the two
 * stages run on one document share the work.
 */
export function inspectInvoice(xml: string, dom?: Document): InvoiceInspection {
  if (last?.xml === xml) return last.inspection;
  const doc = dom ?? parseXml(xml, 'invoice');
  const invoice = doc.documentElement;
  if (!invoice) throw new Error('invoice has no root element');
  const excluded = findExcludedElements(invoice);
  const signatureElement =
    excluded.extensions && findDescendant(excluded.extensions, NS.ds, 'Signature');
  const qrObject = descend(
    excluded.qr,
    [NS.cac, 'Attachment'],
    [NS.cbc, 'EmbeddedDocumentBinaryObject'],
  );
  const inspection: InvoiceInspection = {
    values: readQrValues(invoice),
    signature: signatureElement && readSignature(xml, signatureElement),
    qr: excluded.qr ? (textOf(qrObject) ?? '').trim() : undefined,
    // The caller's parse must come back unchanged; our own may lose the excluded elements.
    invoiceHash: (dom
      ? invoiceHashBytesKeepingDocument(dom)
      : invoiceHashBytesOfDocument(doc)
    ).toString('base64'),
  };
  last = { xml, inspection };
  return inspection;
}

function readSignature(xml: string, signature: Element): EmbeddedSignature {
  const signedInfo = firstChild(signature, NS.ds, 'SignedInfo');
  const references = signedInfo ? Array.from(childrenNamed(signedInfo, NS.ds, 'Reference')) : [];
  const digestOf = (uri: string): string | undefined =>
    base64Text(
      descend(
        references.find((r) => r.getAttribute('URI') === uri),
        [NS.ds, 'DigestValue'],
      ),
    );

  const certificateBase64 = base64Text(
    descend(signature, [NS.ds, 'KeyInfo'], [NS.ds, 'X509Data'], [NS.ds, 'X509Certificate']),
  );
  let certificate: ParsedCertificate | undefined;
  let certificateError: string | undefined;
  if (certificateBase64) {
    try {
      certificate = parseCertificateCached(certificateBase64);
    } catch (err) {
      certificateError = (err as Error).message;
    }
  }

  const signedProperties = findDescendant(signature, NS.xades, 'SignedProperties');
  const cert = signedProperties && findDescendant(signedProperties, NS.xades, 'Cert');
  const issuerSerial = cert && firstChild(cert, NS.xades, 'IssuerSerial');
  return {
    invoiceDigest: digestOf(''),
    signedPropertiesDigest: digestOf('#xadesSignedProperties'),
    signatureValue: base64Text(firstChild(signature, NS.ds, 'SignatureValue')),
    certificateBase64,
    certificate,
    certificateError,
    signedProperties: signedProperties && signedPropertiesText(xml, signedProperties),
    signingTime: textOf(
      signedProperties && findDescendant(signedProperties, NS.xades, 'SigningTime'),
    ),
    certDigest: base64Text(descend(cert, [NS.xades, 'CertDigest'], [NS.ds, 'DigestValue'])),
    issuerName: textOf(issuerSerial && firstChild(issuerSerial, NS.ds, 'X509IssuerName'))?.trim(),
    serialNumber: textOf(
      issuerSerial && firstChild(issuerSerial, NS.ds, 'X509SerialNumber'),
    )?.trim(),
  };
}

function* childrenNamed(parent: Element, ns: string, localName: string): Generator<Element> {
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    const el = n as Element;
    if (n.nodeType === 1 && el.namespaceURI === ns && el.localName === localName) yield el;
  }
}

// xs:base64Binary ignores whitespace; a pretty-printed certificate may be wrapped.
function base64Text(el: Element | undefined): string | undefined {
  const text = textOf(el);
  return text === undefined ? undefined : text.replace(/\s+/g, '');
}

/**
 * The SignedProperties element's exact source text (its digest is over the text as written,
 * spec 3.3), with the URIs of the prefixes it uses, as declared around it.
 */
function signedPropertiesText(
  xml: string,
  element: Element,
): { text: string; namespaces: Record<string, string> } | undefined {
  const tag = element.tagName;
  const start = new RegExp(`<${tag.replace(/[.]/g, '\\.')}[\\s>]`).exec(xml)?.index;
  const endTag = `</${tag}>`;
  const end = start === undefined ? -1 : xml.indexOf(endTag, start);
  if (start === undefined || end < 0) return undefined;
  const text = xml.slice(start, end + endTag.length);
  const namespaces: Record<string, string> = {};
  for (const m of text.matchAll(/<([\w.-]+):/g)) {
    const uri = element.lookupNamespaceURI(m[1]);
    if (uri) namespaces[m[1]] = uri;
  }
  return { text, namespaces };
}
