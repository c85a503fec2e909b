import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsr } from '../../../src/core/csr';
import { issueCertificate } from '../../../src/simulator/ca/csid-issuer';
import { SimulatorCa } from '../../../src/simulator/ca/simulator-ca';
import { checkCertificate } from '../../../src/simulator/invoices/certificate-checks';
import { SimulatorState } from '../../../src/simulator/state/simulator-state';
import { TestEgs } from './test-egs';

describe('signing-certificate trust checks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fatoora-ca-'));
  const ca = new SimulatorCa(dir);
  const state = new SimulatorState(dir);
  const egs = new TestEgs();
  const now = new Date();
  const issue = (validityDays: number, environment: 'sandbox' | 'simulation' = 'sandbox') =>
    issueCertificate(ca, { csr: parseCsr(egs.csrPem()), environment, validityDays, now });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const codes = (v: { errors: { code: string }[]; warnings: { code: string }[] }) => ({
    errors: v.errors.map((m) => m.code),
    warnings: v.warnings.map((m) => m.code),
  });

  it('accepts a valid certificate of this environment for the seller', () => {
    const v = checkCertificate(ca, state, {
      environment: 'sandbox',
      certificate: issue(30),
      sellerVat: egs.vatNumber,
      now,
      strict: false,
    });
    expect(codes(v)).toEqual({ errors: [], warnings: [] });
  });

  it('always refuses an expired certificate', () => {
    const expired = issue(-1);
    expect(expired.notAfter.getTime()).toBeLessThan(now.getTime());
    const v = checkCertificate(ca, state, {
      environment: 'sandbox',
      certificate: expired,
      sellerVat: egs.vatNumber,
      now,
      strict: false,
    });
    expect(codes(v).errors).toEqual(['certificate-expired']);
  });

  it('warns (errors when strict) about another environment or another VAT number', () => {
    const foreign = issue(30);
    const loose = checkCertificate(ca, state, {
      environment: 'production',
      certificate: foreign,
      sellerVat: '300000000000003',
      now,
      strict: false,
    });
    expect(codes(loose)).toEqual({
      errors: [],
      warnings: ['certificate-issuer-name', 'invalid-signing-certificate'],
    });
    const strict = checkCertificate(ca, state, {
      environment: 'production',
      certificate: foreign,
      sellerVat: '300000000000003',
      now,
      strict: true,
    });
    expect(codes(strict).errors).toEqual([
      'certificate-issuer-name',
      'invalid-signing-certificate',
    ]);
  });
});
