import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCanonicalInvoice } from '../src/core/model';
import { checkBusinessRules } from '../src/core/rules';
import { computeInvoiceTotals } from '../src/core/totals';
import { projectRoot } from '../src/project-root';
import { benchmarkRounds, median } from './bench-support';

/**
 * Cost of the hot-path business rules (src/core/rules) per invoice, after the model and the
 * totals: a 3-line and a 100-line invoice with mixed categories (so that BR-Z-08 has work).
 * Run: npx ts-node --transpile-only bench/rules.bench.ts
 */
type Raw = Record<string, unknown> & { lines: Record<string, unknown>[] };

function invoiceWithLines(count: number) {
  const raw = JSON.parse(
    readFileSync(join(projectRoot, 'test/fixtures/invoices/standard-invoice.json'), 'utf8'),
  ) as Raw;
  delete raw.expectedTotals;
  const template = raw.lines[0];
  raw.lines = Array.from({ length: count }, (_, i) => ({
    ...template,
    quantity: String(1 + (i % 7)),
    unitPrice: `${10 + i}.25`,
    taxCategory:
      i % 5 === 4
        ? { code: 'Z', exemptionReasonCode: i % 10 === 4 ? 'VATEX-SA-35' : 'VATEX-SA-32' }
        : { code: 'S', rate: '15' },
  }));
  const invoice = parseCanonicalInvoice(raw);
  return { invoice, totals: computeInvoiceTotals(invoice) };
}

const now = new Date();
const cases: Record<string, (n: number) => void> = {};
for (const lines of [3, 100]) {
  const { invoice, totals } = invoiceWithLines(lines);
  cases[`${lines} lines`] = (n) => {
    for (let i = 0; i < n; i++) checkBusinessRules(invoice, totals, { now });
  };
}
const results = benchmarkRounds(cases, 2000);
for (const [name, seconds] of Object.entries(results)) {
  console.log(`checkBusinessRules, ${name}: ${(median(seconds) * 1e6).toFixed(1)} µs/invoice`);
}
