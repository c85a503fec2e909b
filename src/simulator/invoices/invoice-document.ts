import type { Document, Element } from '@xmldom/xmldom';
import { descend, findDescendant, firstChild, textOf, childElements } from '../../core/signing/dom';
import { NS } from '../../core/signing/namespaces';
import { parseXml } from '../../core/xml';

/** What the server-side checks read from a submitted document. Absent values stay undefined. */
export interface InvoiceDocument {
  xml: string;
  /** The parsed document, shared by the later checks: read it, never modify it. */
  dom: Document;
  uuid?: string;
  typeCode?: string;
  typeName?: string;
  icv?: string;
  pih?: string;
  sellerVat?: string;
  /** ds:X509Certificate text. */
  certificateBase64?: string;
  /** First ds:Reference DigestValue: the hash the EGS signed. */
  digestValue?: string;
  signatureValue?: string;
  /** SignedProperties digest claimed in ds:SignedInfo, and the element's exact text. */
  signedPropertiesDigest?: string;
  signedPropertiesText?: string;
}

const cac = (name: string): [string, string] => [NS.cac, name];
const cbc = (name: string): [string, string] => [NS.cbc, name];

/** Reads a signed UBL invoice. Throws when the text is not well-formed XML. */
export function readInvoiceDocument(xml: string): InvoiceDocument {
  const dom = parseXml(xml, 'invoice');
  const root = dom.documentElement!;
  const typeCode = firstChild(root, ...cbc('InvoiceTypeCode'));
  const signature = findDescendant(root, NS.ds, 'Signature');
  const references = signature
    ? childElements(descend(signature, [NS.ds, 'SignedInfo']) ?? signature, NS.ds, 'Reference')
    : [];
  const dataReference = references.find((r) => r.getAttribute('URI') === '');
  const propertiesReference = references.find(
    (r) => r.getAttribute('URI') === '#xadesSignedProperties',
  );
  return {
    xml,
    dom,
    uuid: trimmed(textOf(firstChild(root, ...cbc('UUID')))),
    typeCode: trimmed(textOf(typeCode)),
    typeName: typeCode?.getAttribute('name') ?? undefined,
    icv: trimmed(textOf(descend(reference(root, 'ICV'), cbc('UUID')))),
    pih: trimmed(
      textOf(
        descend(reference(root, 'PIH'), cac('Attachment'), cbc('EmbeddedDocumentBinaryObject')),
      ),
    ),
    sellerVat: trimmed(
      textOf(
        descend(
          root,
          cac('AccountingSupplierParty'),
          cac('Party'),
          cac('PartyTaxScheme'),
          cbc('CompanyID'),
        ),
      ),
    ),
    certificateBase64: signature
      ? stripSpace(textOf(findDescendant(signature, NS.ds, 'X509Certificate')))
      : undefined,
    digestValue: trimmed(textOf(dataReference && firstChild(dataReference, NS.ds, 'DigestValue'))),
    signatureValue: signature
      ? stripSpace(textOf(firstChild(signature, NS.ds, 'SignatureValue')))
      : undefined,
    signedPropertiesDigest: trimmed(
      textOf(propertiesReference && firstChild(propertiesReference, NS.ds, 'DigestValue')),
    ),
    signedPropertiesText: signedPropertiesText(xml),
  };
}

function reference(root: Element, id: string): Element | undefined {
  return childElements(root, ...cac('AdditionalDocumentReference')).find(
    (r) => textOf(firstChild(r, ...cbc('ID')))?.trim() === id,
  );
}

/** The exact text of xades:SignedProperties (any prefix), as ZATCA hashes it (spec 3.3). */
function signedPropertiesText(xml: string): string | undefined {
  const start = /<([A-Za-z_][\w.-]*:)?SignedProperties[\s>]/.exec(xml);
  if (!start) return undefined;
  const endTag = `</${start[1] ?? ''}SignedProperties>`;
  const end = xml.indexOf(endTag, start.index);
  return end < 0 ? undefined : xml.slice(start.index, end + endTag.length);
}

const trimmed = (v: string | undefined): string | undefined =>
  v === undefined ? undefined : v.trim();
const stripSpace = (v: string | undefined): string | undefined =>
  v === undefined ? undefined : v.replace(/\s+/g, '');
