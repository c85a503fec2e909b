import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCanonicalInvoice, type CanonicalInvoice } from '../../../../src/core/model';
import { computeInvoiceTotals, type InvoiceTotals } from '../../../../src/core/totals';
import { INITIAL_PIH, renderInvoice } from '../../../../src/core/ubl';
import type { UnsignedInvoice } from '../../../../src/core/signing/unsigned-invoice';

export const fixturesDir = join(__dirname, '..', '..', '..', 'fixtures', 'invoices');

export const fixtureNames = (): string[] =>
  readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();

export function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(fixturesDir, `${name}.json`), 'utf8'));
}

export interface Rendered {
  invoice: CanonicalInvoice;
  totals: InvoiceTotals;
  unsigned: UnsignedInvoice;
}

export function renderFixture(name: string, icv = 7): Rendered {
  const invoice = parseCanonicalInvoice(readFixture(name));
  const totals = computeInvoiceTotals(invoice);
  const unsigned = renderInvoice(invoice, totals, { icv, pih: INITIAL_PIH });
  return { invoice, totals, unsigned };
}
