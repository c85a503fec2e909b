import type { Element } from '@xmldom/xmldom';
import { descend, firstChild, textOf } from './dom';
import { NS } from './namespaces';
import type { QrFields } from './unsigned-invoice';

const cac = (name: string): [string, string] => [NS.cac, name];
const cbc = (name: string): [string, string] => [NS.cbc, name];

/** The document values QR tags 1-5 carry, each possibly missing. */
export type DocumentQrValues = { [K in keyof QrFields]: QrFields[K] | undefined } & {
  /** LegalMonetaryTotal/TaxInclusiveAmount, which older SDKs put in tag 4. */
  taxInclusiveAmount: string | undefined;
};

/** Reads the QR-relevant values from an Invoice element (spec 4.2), as their exact text. */
export function readQrValues(invoice: Element): DocumentQrValues {
  const party = descend(invoice, cac('AccountingSupplierParty'), cac('Party'));
  const issueDate = textOf(firstChild(invoice, ...cbc('IssueDate')));
  const issueTime = textOf(firstChild(invoice, ...cbc('IssueTime')));
  const typeName = firstChild(invoice, ...cbc('InvoiceTypeCode'))?.getAttribute('name');
  return {
    sellerName: textOf(descend(party, cac('PartyLegalEntity'), cbc('RegistrationName'))),
    vatNumber: textOf(descend(party, cac('PartyTaxScheme'), cbc('CompanyID'))),
    timestamp:
      issueDate !== undefined && issueTime !== undefined ? `${issueDate}T${issueTime}` : undefined,
    // Tag 4 is PayableAmount in SDK 3.4.8 (spec 4.2 says TaxInclusiveAmount, after SDK 3.2.7).
    totalWithVat: textOf(descend(invoice, cac('LegalMonetaryTotal'), cbc('PayableAmount'))),
    taxInclusiveAmount: textOf(
      descend(invoice, cac('LegalMonetaryTotal'), cbc('TaxInclusiveAmount')),
    ),
    // The first cac:TaxTotal in document order, whatever its currency (spec 4.2).
    vatTotal: textOf(descend(invoice, cac('TaxTotal'), cbc('TaxAmount'))),
    simplified: typeName === null || typeName === undefined ? undefined : isSimplified(typeName),
  };
}

/** Like readQrValues, but every value is required; the error names the missing element. */
export function readQrFields(invoice: Element): QrFields {
  const v = readQrValues(invoice);
  const missing = (what: string): never => {
    throw new Error(`cannot build the QR code: the invoice has no ${what}`);
  };
  return {
    sellerName:
      v.sellerName ?? missing('AccountingSupplierParty/Party/PartyLegalEntity/RegistrationName'),
    vatNumber: v.vatNumber ?? missing('AccountingSupplierParty/Party/PartyTaxScheme/CompanyID'),
    timestamp: v.timestamp ?? missing('IssueDate and IssueTime'),
    totalWithVat: v.totalWithVat ?? missing('LegalMonetaryTotal/PayableAmount'),
    vatTotal: v.vatTotal ?? missing('TaxTotal/TaxAmount'),
    simplified: v.simplified ?? missing('InvoiceTypeCode/@name'),
  };
}

/** KSA-2: the transaction code starts 01 for standard and 02 for simplified documents. */
export function isSimplified(invoiceTypeName: string): boolean {
  return invoiceTypeName.startsWith('02');
}

export function readUuid(invoice: Element): string | undefined {
  return textOf(firstChild(invoice, ...cbc('UUID')));
}
