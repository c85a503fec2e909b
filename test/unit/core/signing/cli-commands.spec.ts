import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../../src/cli/program';
import { runHashCommand } from '../../../../src/cli/commands/hash.command';
import { runQrCommand } from '../../../../src/cli/commands/qr.command';
import { runRequestCommand } from '../../../../src/cli/commands/request.command';
import { runSignCommand } from '../../../../src/cli/commands/sign.command';
import { verifyInvoiceQr, verifyInvoiceSignature } from '../../../../src/core/signing';
import { sdkPath } from '../../../support/sdk';
import { elementText, qrPayload, sdkSamples } from './sdk-samples';

const sample = sdkSamples().find((s) => s.path.endsWith('Simplified_Invoice.xml'))!;
const samplePath = sdkPath(sample.path);
const key = sdkPath('Certificates', 'ec-secp256k1-priv-key.pem');
const cert = sdkPath('Certificates', 'cert.pem');

function capture(): { out: { stdout(t: string): void }; text(): string } {
  let text = '';
  return { out: { stdout: (t) => void (text += t) }, text: () => text };
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'zatca-signing-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('hash prints the base64 invoice hash', () => {
  const c = capture();
  runHashCommand(samplePath, c.out);
  expect(c.text()).toBe(`${sample.expectedHash}\n`);
});

test('sign writes a verifying document that keeps the hash, with the given signing time', () => {
  const output = join(dir, 'signed.xml');
  const c = capture();
  runSignCommand(samplePath, { key, cert, output, signingTime: '2025-01-02T03:04:05' }, c.out);
  expect(c.text()).toBe(
    `signed ${samplePath} -> ${output}\ninvoice hash: ${sample.expectedHash}\n`,
  );
  const signed = readFileSync(output, 'utf8');
  expect(elementText(signed, 'xades:SigningTime')).toBe('2025-01-02T03:04:05');
  expect(signed.match(/<ext:UBLExtensions>/g)).toHaveLength(1);
  expect(signed.match(/<cbc:ID>QR<\/cbc:ID>/g)).toHaveLength(1);
  expect(verifyInvoiceSignature(signed).findings).toEqual([]);
  expect(verifyInvoiceQr(signed).findings).toEqual([]);
});

test('sign without --output prints the signed XML; the secp256k1 backend works too', () => {
  const c = capture();
  runSignCommand(samplePath, { key, cert, backend: 'secp256k1' }, c.out);
  expect(c.text()).toMatch(/^<\?xml/);
  expect(verifyInvoiceSignature(c.text()).passed).toBe(true);
});

test('qr prints one line per tag, or JSON', () => {
  const c = capture();
  runQrCommand(samplePath, {}, c.out);
  const lines = c.text().trimEnd().split('\n');
  expect(lines).toHaveLength(9);
  expect(lines[1]).toBe('2 VAT number: 399999999900003');
  expect(lines[5]).toBe(`6 invoice hash: ${sample.expectedHash}`);
  const j = capture();
  runQrCommand(samplePath, { json: true }, j.out);
  const tags = JSON.parse(j.text()) as { tag: number; encoding: string; value: string }[];
  expect(tags[7]).toMatchObject({ tag: 8, encoding: 'base64' });
  expect(tags[6].value).toBe(elementText(sample.xml, 'ds:SignatureValue'));

  const payloadFile = join(dir, 'qr.txt');
  writeFileSync(payloadFile, `${qrPayload(sample.xml)}\n`);
  const p = capture();
  runQrCommand(payloadFile, {}, p.out);
  expect(p.text()).toBe(c.text());
});

test('request prints the API body for the exact file bytes', () => {
  const c = capture();
  runRequestCommand(samplePath, c.out);
  const body = JSON.parse(c.text()) as { invoiceHash: string; uuid: string; invoice: string };
  expect(body.invoiceHash).toBe(sample.expectedHash);
  expect(body.uuid).toBe(elementText(sample.xml, 'cbc:UUID'));
  expect(Buffer.from(body.invoice, 'base64').equals(readFileSync(samplePath))).toBe(true);
});

test('errors are one line naming the file or option at fault', () => {
  const c = capture();
  expect(() => runHashCommand(join(dir, 'missing.xml'), c.out)).toThrow(
    `${join(dir, 'missing.xml')}: cannot read invoice (no such file)`,
  );
  const broken = join(dir, 'broken.xml');
  writeFileSync(broken, '<Invoice><cbc:ID>');
  expect(() => runHashCommand(broken, c.out)).toThrow(
    /^.*broken\.xml: invoice is not well-formed XML/,
  );
  expect(() => runSignCommand(samplePath, { key: cert, cert }, c.out)).toThrow(
    /^--key .*cert\.pem: private key DER is neither SEC1 nor PKCS#8$/,
  );
  expect(() => runSignCommand(samplePath, { key, cert: key }, c.out)).toThrow(
    /^--cert .*priv-key\.pem: certificate: /,
  );
  expect(() => runQrCommand(broken, {}, c.out)).toThrow(/broken\.xml/);
});

test('commands are registered with help text', async () => {
  const program = buildProgram();
  const names = program.commands.map((c) => c.name());
  expect(names).toEqual(expect.arrayContaining(['hash', 'sign', 'qr', 'request']));
  const sign = program.commands.find((c) => c.name() === 'sign')!;
  expect(sign.helpInformation()).toMatch(/--signing-time <time>/);

  // Through commander: a missing required option is a usage error, not a crash.
  program.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  sign.exitOverride();
  await expect(
    program.parseAsync(['node', 'zatca', 'sign', samplePath, '--key', key]),
  ).rejects.toThrow(/required option '--cert <file>' not specified/);
});
