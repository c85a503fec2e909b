/** One ERP-given total that differs from what the document's own figures give. */
export interface TotalsMismatch {
  /** Where the ERP gave it, e.g. expectedTotals.taxAmount or lines[1].expected.vat */
  path: string;
  /** Accountant's name of the total, e.g. "Total VAT" */
  label: string;
  given: string;
  computed: string;
  /** Where our value comes from, e.g. "the lines give" */
  source: string;
  /** How it is computed, e.g. "15% of 201.00, rounded half-up" */
  derivation: string;
  /** ZATCA rule that ties the figures together, e.g. BR-CO-14 */
  rule: string;
}

export function describeMismatch(m: TotalsMismatch): string {
  return `${m.label}: the invoice says ${m.given} but ${m.source} ${m.computed} (${m.derivation}; ${m.rule})`;
}

/** The ERP's totals disagree with the document; nothing is signed. */
export class TotalsMismatchError extends Error {
  constructor(readonly mismatches: TotalsMismatch[]) {
    super(mismatches.map(describeMismatch).join('\n'));
    this.name = 'TotalsMismatchError';
  }
}

/** The figures cannot form a valid document (e.g. a negative taxable amount). */
export class TotalsError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'TotalsError';
  }
}
