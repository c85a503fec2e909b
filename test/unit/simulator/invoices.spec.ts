import { verify } from 'node:crypto';
import { decodeQr } from '../../../src/core/qr';
import { invoiceHash } from '../../../src/core/signing/invoice-hash';
import { FatooraClient, invoiceSubmission, type IssuedCsid } from '../../../src/fatoora';
import { onboard } from './onboard';
import { startTestSimulator, type TestSimulator } from './simulator-harness';
import { INITIAL_PIH, TestEgs } from './test-egs';

jest.setTimeout(180_000);

describe('simulator reporting and clearance through the client', () => {
  let sim: TestSimulator;
  const egs = new TestEgs();
  let pcsid: IssuedCsid;
  let ccsid: IssuedCsid;

  beforeAll(async () => {
    sim = await startTestSimulator();
    ({ pcsid, ccsid } = await onboard(sim.client(), egs));
  });
  afterAll(() => sim.stop());

  it('reports a simplified invoice, then answers 409 to the same document', async () => {
    const doc = egs.next('simplifiedInvoice', pcsid);
    const first = await sim.client().reportInvoice(pcsid, doc.submission);
    expect(first).toMatchObject({ kind: 'accepted', outcome: 'reported' });
    if (first.kind === 'accepted')
      expect(first.warnings.map((w) => w.code)).not.toContain('PIH_MISMATCH');
    const again = await sim.client().reportInvoice(pcsid, doc.submission);
    expect(again).toMatchObject({
      kind: 'duplicate',
      status: 409,
      outcome: 'reported',
      message: 'Invoice was already Reported successfully earlier.',
    });
  });

  it('clears a standard invoice with a QR stamped by the simulator, then answers 208', async () => {
    const doc = egs.next('standardInvoice', pcsid);
    const result = await sim.client().clearInvoice(pcsid, doc.submission);
    if (result.kind !== 'accepted' || !result.clearedInvoice)
      throw new Error(JSON.stringify(result));
    const cleared = result.clearedInvoice.xml;
    expect(invoiceHash(cleared)).toBe(doc.invoiceHash);
    const qrText =
      /<cbc:ID>QR<\/cbc:ID>\s*<cac:Attachment>\s*<cbc:EmbeddedDocumentBinaryObject[^>]*>([^<]+)</.exec(
        cleared,
      )![1];
    const qr = decodeQr(qrText);
    const ca = sim.simulator.ca.identity('sandbox');
    expect(qr.invoiceHash).toBe(doc.invoiceHash);
    expect(qr.publicKey!.equals(ca.publicKeyDer)).toBe(true);
    expect(qr.certificateSignature).toBeUndefined();
    expect(
      verify(
        'sha256',
        Buffer.from(doc.invoiceHash, 'base64'),
        { key: ca.certificate.publicKey, dsaEncoding: 'der' },
        Buffer.from(qr.signatureValue!, 'base64'),
      ),
    ).toBe(true);
    const exchanges: Array<{ responseHeaders: Record<string, string> }> = [];
    const client = new FatooraClient({
      environment: 'sandbox',
      host: sim.url,
      onExchange: (exchange) => void exchanges.push(exchange),
    });
    const again = await client.clearInvoice(pcsid, doc.submission);
    expect(again).toMatchObject({
      kind: 'duplicate',
      status: 208,
      outcome: 'cleared',
      clearedInvoice: { xml: cleared },
    });
    // As Fatoora's answers: not cacheable, so no ETag (express would hash each body for one).
    expect(exchanges[0].responseHeaders['content-type']).toMatch(/^application\/json/);
    expect(exchanges[0].responseHeaders.etag).toBeUndefined();
  });

  it('rejects a document changed after signing (invalid-invoice-hash)', async () => {
    const doc = egs.next('simplifiedInvoice', pcsid);
    const tampered = doc.xml.replace('<cbc:ID>SME00010</cbc:ID>', '<cbc:ID>SME99999</cbc:ID>');
    expect(tampered).not.toBe(doc.xml);
    const result = await sim
      .client()
      .reportInvoice(pcsid, invoiceSubmission(tampered, doc.invoiceHash, doc.uuid));
    expect(result).toMatchObject({ kind: 'rejected', status: 400 });
    if (result.kind === 'rejected') {
      expect(result.errors).toContainEqual(
        expect.objectContaining({
          code: 'invalid-invoice-hash',
          category: 'INVOICE_HASHING_ERRORS',
        }),
      );
    }
  });

  it('rejects a body whose UUID is not the document UUID', async () => {
    const doc = egs.next('simplifiedInvoice', pcsid);
    const result = await sim
      .client()
      .reportInvoice(pcsid, { ...doc.submission, uuid: 'not-the-uuid' });
    expect(result).toMatchObject({
      kind: 'rejected',
      errors: [expect.objectContaining({ code: 'INVOICE_UUID_VALIDATION' })],
    });
  });

  it('rejects a standard document on reporting and a simplified one on clearance', async () => {
    const standard = egs.next('standardInvoice', pcsid);
    const reported = await sim.client().reportInvoice(pcsid, standard.submission);
    expect(reported).toMatchObject({
      kind: 'rejected',
      errors: [
        expect.objectContaining({
          message: 'XML Submitted using reporting API is not a simplified document',
        }),
      ],
    });
    const simplified = egs.next('simplifiedCredit', pcsid);
    const cleared = await sim.client().clearInvoice(pcsid, simplified.submission);
    expect(cleared).toMatchObject({
      kind: 'rejected',
      errors: [expect.objectContaining({ code: 'invoice-type-mismatch' })],
    });
  });

  it('warns about a PIH that does not chain (error only in strict mode)', async () => {
    const broken = egs.sign('simplifiedInvoice', pcsid, { icv: 1000, pih: INITIAL_PIH });
    const previous = egs.sign('simplifiedInvoice', pcsid, { icv: 999, pih: INITIAL_PIH });
    await sim.client().reportInvoice(pcsid, previous.submission);
    const result = await sim.client().reportInvoice(pcsid, broken.submission);
    expect(result).toMatchObject({
      kind: 'accepted',
      status: 202,
    });
    if (result.kind === 'accepted')
      expect(result.warnings.map((w) => w.code)).toContain('PIH_MISMATCH');
  });

  it('refuses the compliance CSID on reporting and a CSID of another environment (401)', async () => {
    const doc = egs.next('simplifiedInvoice', pcsid);
    expect(await sim.client().reportInvoice(ccsid, doc.submission)).toMatchObject({
      kind: 'unauthorized',
      status: 401,
    });
    expect(await sim.client('simulation').reportInvoice(pcsid, doc.submission)).toMatchObject({
      kind: 'unauthorized',
    });
    expect(
      await sim.client().reportInvoice({ ...pcsid, secret: 'wrong' }, doc.submission),
    ).toMatchObject({ kind: 'unauthorized' });
  });

  it('refuses a revoked CSID', async () => {
    const other = new TestEgs();
    const { pcsid: revoked } = await onboard(sim.client(), other);
    const res = await sim.admin.post(`/csids/${revoked.requestID}/revoke`);
    expect(res.status).toBe(201);
    const doc = other.next('simplifiedInvoice', revoked);
    expect(await sim.client().reportInvoice(revoked, doc.submission)).toMatchObject({
      kind: 'unauthorized',
    });
  });

  it('keeps every exchange, without secrets', async () => {
    const res = await sim.admin.get('/exchanges', { params: { path: '/invoices/' } });
    const exchanges = res.data as {
      path: string;
      status: number;
      requestHeaders: Record<string, string>;
      requestBody: { invoice?: string };
    }[];
    expect(exchanges.length).toBeGreaterThan(5);
    expect(exchanges.every((e) => e.requestHeaders.authorization === '[redacted]')).toBe(true);
    expect(exchanges.some((e) => typeof e.requestBody.invoice === 'string')).toBe(true);
    const all = JSON.stringify((await sim.admin.get('/exchanges')).data);
    expect(all).not.toContain(pcsid.secret);
    expect(all).not.toContain(ccsid.secret);
    expect(all).not.toContain('123345');
  });
});
