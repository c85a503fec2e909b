import {
  ConnectorRefusedError,
  ErpUnavailableError,
  MappingError,
} from '../../../src/connectors/connector-errors';
import { errorText, ingestFailureProblems } from '../../../src/connectors/runner/ingest-failure';
import { abortsPoll } from '../../../src/connectors/runner/poll-aborting-errors';
import { scrubCredentials } from '../../../src/connectors/runner/scrub-credentials';
import { IntakeConflictError } from '../../../src/invoices/intake-errors';

const KEY = 'odoo-key-3f9a1c';
const scrub = (text: string) => scrubCredentials(text, [KEY]);

describe('a record that cannot be taken', () => {
  it('stops the poll only when the ERP is unreachable or the connection must not run', () => {
    expect(abortsPoll(new ErpUnavailableError('Odoo at http://odoo is unreachable'))).toBe(true);
    expect(abortsPoll(new ConnectorRefusedError('API key revoked'))).toBe(true);
    expect(abortsPoll(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(abortsPoll(new IntakeConflictError([{ field: 'unitId', rule: 'expired' }]))).toBe(false);
    expect(abortsPoll(new MappingError([{ field: 'tax_ids', rule: 'no rate' }]))).toBe(false);
    expect(abortsPoll('a string')).toBe(false);
  });

  it('keeps the error on the record without the API key or URL credentials', () => {
    const err = new Error(
      `request to https://admin:s3cret@erp.example.com/jsonrpc with ${KEY} failed`,
    );
    expect(ingestFailureProblems(err, scrub)).toEqual([
      {
        field: 'record',
        rule:
          'could not be taken: request to https://[redacted]@erp.example.com/jsonrpc with [redacted] failed; ' +
          'tried again at each poll',
      },
    ]);
  });

  it('keeps the fields an IntakeConflictError names, and says a bug is one', () => {
    const conflict = new IntakeConflictError([
      { field: 'unitId', rule: 'certificate-expired: the certificate of unit u1 expired' },
    ]);
    expect(ingestFailureProblems(conflict, scrub)).toEqual([
      {
        field: 'unitId',
        rule:
          'could not be taken now: certificate-expired: the certificate of unit u1 expired; ' +
          'tried again at each poll',
      },
    ]);
    expect(errorText(new TypeError('x is not a function'))).toBe('TypeError: x is not a function');
    expect(errorText(new ErpUnavailableError('down'))).toBe('down');
  });

  it('cuts an overlong error text', () => {
    const [problem] = ingestFailureProblems(new Error('x'.repeat(5000)), scrub);
    expect(problem.rule.length).toBeLessThan(1100);
    expect(problem.rule).toMatch(/x…; tried again at each poll$/);
  });
});
