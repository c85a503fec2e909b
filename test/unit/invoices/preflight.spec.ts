import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInvoiceError } from '../../../src/invoices/intake-errors';
import { preflight } from '../../../src/invoices/preflight';
import { projectRoot } from '../../../src/project-root';

const fixture = (): Record<string, unknown> =>
  JSON.parse(
    readFileSync(join(projectRoot, 'test/fixtures/invoices/simplified-invoice.json'), 'utf8'),
  ) as Record<string, unknown>;

// Issued at 00:30 on 11 March in Riyadh, which is still 10 March in UTC.
const justAfterRiyadhMidnight = { ...fixture(), issuedAt: '2024-03-10T21:30:00Z' };

describe('preflight dates', () => {
  it('does not call an invoice issued after midnight in Riyadh future-dated (BR-KSA-04)', () => {
    const oneMinuteLater = new Date('2024-03-10T21:31:00Z');
    expect(() => preflight(justAfterRiyadhMidnight, oneMinuteLater)).not.toThrow();
  });

  it('refuses an invoice dated after today in Riyadh, naming the field and the rule', () => {
    const dayBefore = new Date('2024-03-09T21:31:00Z'); // 00:31 on 10 March in Riyadh
    let error: unknown;
    try {
      preflight(justAfterRiyadhMidnight, dayBefore);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidInvoiceError);
    expect((error as InvalidInvoiceError).message).toMatch(/invoice\.issuedAt.*BR-KSA-04/);
  });
});
