import type { FatooraResult } from '../../../src/fatoora';
import { decideSubmission } from '../../../src/submission/submission-decision';

const notSimplified: FatooraResult = {
  kind: 'rejected',
  status: 400,
  errors: [
    {
      code: 'invoice-type-mismatch',
      category: 'INVOICE_TYPE_ERRORS',
      message: 'XML Submitted using reporting API is not a simplified document',
    },
  ],
  warnings: [],
};
const clearanceOff: FatooraResult = {
  kind: 'clearance-off',
  status: 303,
  message: 'Clearance is deactivated. Please use the /invoices/reporting/single endpoint instead.',
};

describe('decideSubmission', () => {
  it('sends a standard document to reporting on a 303 from clearance', () => {
    expect(decideSubmission(clearanceOff, 'clearance', 1, 'standard')).toMatchObject({
      next: 'reroute',
      route: 'reporting',
    });
  });

  it.each([
    ['303', clearanceOff],
    ['400 "not a simplified document"', notSimplified],
  ])(
    'sends a standard document on the reporting route back to clearance on %s (clearance on again)',
    (_label, result) => {
      expect(decideSubmission(result, 'reporting', 2, 'standard')).toMatchObject({
        next: 'reroute',
        route: 'clearance',
      });
    },
  );

  it('still dead-letters a standard document rejected on reporting for anything else', () => {
    const otherError: FatooraResult = {
      kind: 'rejected',
      status: 400,
      warnings: [],
      errors: [
        { code: 'invoice-type-mismatch', category: 'x', message: 'not a simplified document' },
        { code: 'BR-KSA-10', category: 'KSA', message: 'buyer address missing' },
      ],
    };
    expect(decideSubmission(otherError, 'reporting', 2, 'standard')).toMatchObject({
      next: 'dead-letter',
      reason: 'rejected',
    });
  });

  it('does not reroute a simplified document: its rejection is a verdict, a 303 is retried', () => {
    expect(decideSubmission(notSimplified, 'reporting', 1, 'simplified')).toMatchObject({
      next: 'dead-letter',
      reason: 'rejected',
    });
    expect(decideSubmission(clearanceOff, 'reporting', 1, 'simplified')).toMatchObject({
      next: 'retry',
    });
  });
});
