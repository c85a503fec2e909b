import { X509Certificate } from 'node:crypto';
import { parseCertificate } from '../../../src/core/crypto';
import type { IssuedCsid } from '../../../src/fatoora';
import { startTestSimulator, type TestSimulator } from './simulator-harness';
import { TestEgs } from './test-egs';

jest.setTimeout(120_000);

describe('simulator onboarding: compliance CSID, compliance checks, production CSID', () => {
  let sim: TestSimulator;
  const egs = new TestEgs();
  let ccsid: IssuedCsid;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.stop());

  it('refuses a wrong OTP with Invalid-OTP', async () => {
    const result = await sim.client().requestComplianceCsid(egs.csrPem(), '000000');
    expect(result).toMatchObject({
      kind: 'rejected',
      status: 400,
      errors: [{ code: 'Invalid-OTP' }],
    });
  });

  it('refuses a CSR whose template is for another environment', async () => {
    const result = await sim.client('simulation').requestComplianceCsid(egs.csrPem(), '123345');
    expect(result).toMatchObject({ kind: 'rejected', errors: [{ code: 'Invalid-CSR' }] });
  });

  it('refuses a CSR with a broken signature', async () => {
    const pem = egs.csrPem();
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 5] ^= 0xff; // inside the signature BIT STRING
    const broken = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    const result = await sim.client().requestComplianceCsid(broken, '123345');
    expect(result).toMatchObject({ kind: 'rejected', errors: [{ code: 'Invalid-CSR' }] });
  });

  it('issues a compliance CSID with subject and SAN copied from the CSR', async () => {
    const result = await sim.client().requestComplianceCsid(egs.csrPem(), '123345');
    if (result.kind !== 'issued') throw new Error(`expected issued, got ${JSON.stringify(result)}`);
    ccsid = result.csid;
    expect(ccsid.requestID).toMatch(/^\d{13}$/);
    expect(ccsid.dispositionMessage).toBe('ISSUED');
    expect(ccsid.binarySecurityToken.startsWith('TUlJ')).toBe(true);
    const cert = parseCertificate(ccsid.certificateBase64);
    expect(cert.vatNumber).toBe(egs.vatNumber);
    expect(cert.subjectName).toContain(`CN=TST-886431145-${egs.vatNumber}`);
    expect(cert.alternativeName.map((a) => a.value)).toEqual(
      expect.arrayContaining(['1100', 'RRRD2929', 'Supply activities', egs.vatNumber]),
    );
    expect(cert.issuerName).toBe(
      'CN=TSZEINVOICE-SIMULATOR-CA, DC=simulator, DC=zatca-bridge, DC=local',
    );
    const x509 = new X509Certificate(cert.der);
    expect(x509.keyUsage).toEqual(
      expect.arrayContaining(['1.3.6.1.5.5.7.3.3', '1.3.6.1.5.5.7.3.2']),
    );
    expect(
      cert.publicKeyDer.equals(egs.keys.publicKey.export({ format: 'der', type: 'spki' })),
    ).toBe(true);
  });

  it('refuses the production CSID until every compliance step passed', async () => {
    const result = await sim.client().requestProductionCsid(ccsid, ccsid.requestID);
    expect(result).toMatchObject({
      kind: 'rejected',
      errors: [{ code: 'Missing-ComplianceSteps' }],
    });
    if (result.kind !== 'rejected') return;
    expect(result.errors[0].message).toContain(
      '[standard-compliant,standard-credit-note-compliant,standard-debit-note-compliant,simplified-compliant,simplified-credit-note-compliant,simplified-debit-note-compliant]',
    );
  });

  it('passes the compliance checks for the six document types, then issues the production CSID', async () => {
    const client = sim.client();
    const samples = [
      'standardInvoice',
      'standardCredit',
      'standardDebit',
      'simplifiedInvoice',
      'simplifiedCredit',
      'simplifiedDebit',
    ] as const;
    for (const [i, sample] of samples.entries()) {
      const signed = egs.sign(sample, ccsid, {
        icv: i + 1,
        pih: 'NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==',
      });
      const result = await client.checkCompliance(ccsid, signed.submission);
      expect({
        sample,
        kind: result.kind,
        errors: result.kind === 'rejected' ? result.errors : [],
      }).toEqual({ sample, kind: 'accepted', errors: [] });
      expect(result).toMatchObject({
        outcome: sample.startsWith('standard') ? 'cleared' : 'reported',
      });
    }
    const production = await client.requestProductionCsid(ccsid, ccsid.requestID);
    expect(production).toMatchObject({
      kind: 'issued',
      status: 200,
      csid: { dispositionMessage: 'ISSUED' },
    });
    if (production.kind !== 'issued') return;
    const cert = parseCertificate(production.csid.certificateBase64);
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBeGreaterThan(
      4.9 * 365 * 24 * 3600 * 1000,
    );
    expect(cert.subjectName).toBe(parseCertificate(ccsid.certificateBase64).subjectName);
  });

  it('keeps the CA across restarts of the same state dir', async () => {
    const before = sim.simulator.ca.identity('sandbox').certificate.der;
    const { FatooraSimulator } = await import('../../../src/simulator');
    const again = new FatooraSimulator({ stateDir: sim.stateDir });
    expect(again.ca.identity('sandbox').certificate.der.equals(before)).toBe(true);
    expect(again.state.listCsids()).toHaveLength(2);
  });
});
