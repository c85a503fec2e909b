import type { z } from 'zod';
import type { InvoiceFields } from './invoice';
import type { NormalisedTaxCategory } from './tax-category';
import { isCitizenExemption } from './tax-category';

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

/**
 * KSA rules that relate several fields of one document (spec 1.2-1.11). Each check names the
 * field to fix and the rule; warnings in ZATCA's validator are errors here, so what we sign
 * passes without findings.
 */
export function checkInvoiceRules(inv: InvoiceFields, ctx: z.RefinementCtx): void {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  checkTransactionFlags(inv, report);
  checkNoteFields(inv, report);
  checkCurrency(inv, report);
  checkSupplyDates(inv, report);
  checkBuyer(inv, report);
  checkPrepayments(inv, report);
  checkLineIds(inv, report);
}

function checkTransactionFlags(inv: InvoiceFields, report: Report): void {
  const t = inv.transaction;
  if (t.export && t.selfBilled) {
    report(['transaction', 'selfBilled'], 'an export invoice cannot be self-billed (BR-KSA-07)');
  }
  if (inv.subtype === 'simplified') {
    if (t.export)
      report(['transaction', 'export'], 'a simplified document cannot be an export (BR-KSA-31)');
    if (t.selfBilled) {
      report(
        ['transaction', 'selfBilled'],
        'a simplified document cannot be self-billed (BR-KSA-31)',
      );
    }
  }
}

function checkNoteFields(inv: InvoiceFields, report: Report): void {
  const isNote = inv.kind === 'credit-note' || inv.kind === 'debit-note';
  if (isNote) {
    if (inv.billingReferences.length === 0) {
      report(
        ['billingReferences'],
        `a ${inv.kind} must name the invoice(s) it corrects (BR-KSA-56)`,
      );
    }
    if (inv.noteReason === undefined) {
      report(['noteReason'], `a ${inv.kind} must give the reason it is issued (KSA-10, BR-KSA-17)`);
    }
  } else if (inv.noteReason !== undefined) {
    report(['noteReason'], 'only credit and debit notes carry a reason (KSA-10)');
  }
}

function checkCurrency(inv: InvoiceFields, report: Report): void {
  if (inv.currency !== 'SAR' && inv.exchangeRate === undefined) {
    report(
      ['exchangeRate'],
      `is required for a ${inv.currency} invoice: VAT must also be stated in SAR (BR-KSA-EN16931-09)`,
    );
  }
  if (inv.currency === 'SAR' && inv.exchangeRate !== undefined) {
    report(['exchangeRate'], 'must be absent on a SAR invoice');
  }
}

function checkSupplyDates(inv: InvoiceFields, report: Report): void {
  if (inv.supplyEndDate !== undefined) {
    if (inv.supplyDate === undefined) {
      report(['supplyDate'], 'is required when a supply end date is given (BR-KSA-35)');
    } else if (inv.supplyEndDate < inv.supplyDate) {
      report(
        ['supplyEndDate'],
        `${inv.supplyEndDate} is before the supply date ${inv.supplyDate} (BR-KSA-36)`,
      );
    }
  }
  if (inv.subtype === 'standard' && inv.kind === 'invoice' && inv.supplyDate === undefined) {
    report(['supplyDate'], 'is required on a standard tax invoice (KSA-5, BR-KSA-15)');
  }
  if (inv.subtype === 'simplified' && inv.transaction.summary) {
    if (inv.supplyDate === undefined)
      report(['supplyDate'], 'is required on a simplified summary invoice (BR-KSA-72)');
    if (inv.supplyEndDate === undefined) {
      report(['supplyEndDate'], 'is required on a simplified summary invoice (BR-KSA-72)');
    }
  }
}

function allTaxCategories(inv: InvoiceFields): NormalisedTaxCategory[] {
  return [
    ...inv.lines.map((l) => l.taxCategory),
    ...inv.allowanceCharges.map((ac) => ac.taxCategory),
    ...inv.prepayments.map((p) => p.taxCategory),
  ];
}

function checkBuyer(inv: InvoiceFields, report: Report): void {
  const buyer = inv.buyer;
  const standard = inv.subtype === 'standard';
  if (standard && buyer === undefined) {
    report(['buyer'], 'is required on standard documents (BR-KSA-42, BR-KSA-10)');
    return;
  }
  if (standard && buyer) {
    if (buyer.name === undefined)
      report(['buyer', 'name'], 'is required on standard documents (BR-KSA-42)');
    if (buyer.address === undefined) {
      report(['buyer', 'address'], 'is required on standard documents (BR-KSA-10)');
    } else {
      for (const field of ['street', 'city'] as const) {
        if (buyer.address[field] === undefined) {
          report(['buyer', 'address', field], 'is required on standard documents (BR-KSA-10)');
        }
      }
    }
    if (buyer.vatNumber === undefined && buyer.id === undefined) {
      report(
        ['buyer'],
        'needs a VAT number or another ID (scheme TIN, CRN, NAT, ...) on standard documents (BR-KSA-81)',
      );
    }
  }
  if (inv.subtype === 'simplified' && inv.transaction.summary && buyer?.name === undefined) {
    report(['buyer', 'name'], 'is required on a simplified summary invoice (BR-KSA-71)');
  }
  if (buyer?.address?.country === 'SA') checkSaudiBuyerAddress(buyer.address, report);
  if (buyer?.vatNumber !== undefined) {
    if (inv.transaction.export) {
      report(['buyer', 'vatNumber'], 'must be absent on an export invoice (BR-KSA-46)');
    }
    if (buyer.vatNumber === inv.seller.vatNumber) {
      report(
        ['buyer', 'vatNumber'],
        'must differ from the seller VAT number (BR-CUSTOM-VALIDATION-01)',
      );
    }
  }
  const citizen = allTaxCategories(inv).find(isCitizenExemption);
  if (citizen) {
    const code = citizen.exemptionReasonCode;
    if (buyer?.name === undefined)
      report(['buyer', 'name'], `is required with exemption ${code} (BR-KSA-25)`);
    if (buyer?.id?.scheme !== 'NAT') {
      report(
        ['buyer', 'id'],
        `must be the buyer's national ID (scheme NAT) with exemption ${code} (BR-KSA-49)`,
      );
    }
  }
}

function checkSaudiBuyerAddress(
  address: NonNullable<NonNullable<InvoiceFields['buyer']>['address']>,
  report: Report,
): void {
  const at = (field: string): Path => ['buyer', 'address', field];
  for (const field of ['street', 'buildingNumber', 'district', 'city', 'postalZone'] as const) {
    if (address[field] === undefined)
      report(at(field), 'is required for a buyer in SA (BR-KSA-63)');
  }
  if (address.buildingNumber !== undefined && !/^[0-9]{4}$/.test(address.buildingNumber)) {
    report(
      at('buildingNumber'),
      'building number must be exactly 4 digits for a buyer in SA (BR-KSA-63)',
    );
  }
  if (address.postalZone !== undefined && !/^[0-9]{5}$/.test(address.postalZone)) {
    report(at('postalZone'), 'postal code must be exactly 5 digits for a buyer in SA (BR-KSA-67)');
  }
}

function checkPrepayments(inv: InvoiceFields, report: Report): void {
  if (inv.prepayments.length > 0 && inv.kind !== 'invoice') {
    report(
      ['prepayments'],
      `only a final tax invoice (388) deducts prepayments, not a ${inv.kind} (spec 1.11)`,
    );
  }
}

function checkLineIds(inv: InvoiceFields, report: Report): void {
  const seen = new Map<string, number>();
  inv.lines.forEach((line, i) => {
    const id = line.id ?? String(i + 1);
    const earlier = seen.get(id);
    if (earlier !== undefined)
      report(['lines', i, 'id'], `line id ${id} is already used by lines[${earlier}]`);
    seen.set(id, i);
  });
  // Prepayment deduction lines are numbered after the ordinary lines.
  inv.prepayments.forEach((_, k) => {
    const id = prepaymentLineId(inv.lines.length, k);
    if (seen.has(id)) {
      report(
        ['prepayments', k],
        `its line would be numbered ${id}, which lines[${seen.get(id)}] already uses`,
      );
    }
  });
}

/** Line id of the k-th prepayment deduction line (0-based k). */
export function prepaymentLineId(ordinaryLineCount: number, k: number): string {
  return String(ordinaryLineCount + k + 1);
}
