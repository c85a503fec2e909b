import {
  formatSigningTime,
  requestBody,
  requestBodyOf,
  resolveSigningTime,
  signedPropertiesDigest,
  signInvoice,
  stripSignature,
  loadSigningCredentials,
} from '../../../../src/core/signing';
import { declareInheritedNamespaces } from '../../../../src/core/signing/signed-properties-digest';
import { sdkCertificateText, sdkPrivateKeyText, sdkSamples } from './sdk-samples';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';

describe('signing time', () => {
  test('defaults to UTC without zone designator, like all SDK 3.4.8 samples', () => {
    expect(formatSigningTime(new Date('2025-07-22T15:51:28.987Z'))).toBe('2025-07-22T15:51:28');
    expect(resolveSigningTime(undefined, new Date('2024-02-29T23:59:59Z'))).toBe(
      '2024-02-29T23:59:59',
    );
  });

  test('uses a caller string verbatim, rejecting non-dateTime text', () => {
    expect(resolveSigningTime('2023-01-24T11:16:44Z')).toBe('2023-01-24T11:16:44Z');
    expect(() => resolveSigningTime('24/01/2023')).toThrow('signing time "24/01/2023"');
  });

  test('ends up verbatim in the signed document', () => {
    const sample = sdkSamples()[0];
    const credentials = loadSigningCredentials({
      privateKey: sdkPrivateKeyText(),
      certificate: sdkCertificateText(),
    });
    const signed = signInvoice(stripSignature(sample.xml), credentials, {
      signingTime: '2023-01-24T11:16:44Z',
    });
    expect(signed.xml).toContain('<xades:SigningTime>2023-01-24T11:16:44Z</xades:SigningTime>');
  });
});

describe('SignedProperties stand-alone form (spec 3.3)', () => {
  test('declares xades on the root and ds on each ds element, as first attribute', () => {
    const fragment =
      '<xades:SignedProperties Id="p">\n  <xades:Cert>\n    <ds:DigestMethod Algorithm="a"/>\n' +
      '    <ds:DigestValue>v</ds:DigestValue>\n  </xades:Cert>\n</xades:SignedProperties>';
    expect(declareInheritedNamespaces(fragment, { xades: XADES, ds: DS })).toBe(
      `<xades:SignedProperties xmlns:xades="${XADES}" Id="p">\n  <xades:Cert>\n` +
        `    <ds:DigestMethod xmlns:ds="${DS}" Algorithm="a"/>\n` +
        `    <ds:DigestValue xmlns:ds="${DS}">v</ds:DigestValue>\n  </xades:Cert>\n</xades:SignedProperties>`,
    );
  });

  test('does not redeclare a prefix declared inside the fragment', () => {
    const fragment = `<x:P xmlns:ds="${DS}"><ds:A/><ds:B></ds:B></x:P>`;
    expect(declareInheritedNamespaces(fragment, { x: XADES })).toBe(
      `<x:P xmlns:x="${XADES}" xmlns:ds="${DS}"><ds:A/><ds:B></ds:B></x:P>`,
    );
  });

  test('digest is base64 of the lowercase hex SHA-256 (88 characters)', () => {
    const digest = signedPropertiesDigest('<xades:SignedProperties/>', { xades: XADES });
    expect(digest).toHaveLength(88);
    expect(Buffer.from(digest, 'base64').toString()).toMatch(/^[0-9a-f]{64}$/);
  });

  test('an unbound prefix is an error naming it', () => {
    expect(() => signedPropertiesDigest('<q:SignedProperties/>', {})).toThrow('prefix "q"');
  });
});

describe('API request body (spec 6.3)', () => {
  const sample = sdkSamples().find((s) => s.path.endsWith('Simplified_Invoice.xml'))!;

  test('carries the invoice hash, the UUID and base64 of the exact bytes', () => {
    const body = requestBody(sample.xml);
    expect(body.invoiceHash).toBe(sample.expectedHash);
    expect(body.uuid).toBe('8e6000cf-1a98-4174-b3e7-b5d5954bc10d');
    expect(Buffer.from(body.invoice, 'base64').toString('utf8')).toBe(sample.xml);
  });

  test('for a freshly signed invoice, without parsing, equals the parsed version', () => {
    const credentials = loadSigningCredentials({
      privateKey: sdkPrivateKeyText(),
      certificate: sdkCertificateText(),
    });
    const signed = signInvoice(stripSignature(sample.xml), credentials);
    expect(requestBodyOf(signed)).toEqual(requestBody(signed.xml));
  });

  test('an invoice without cbc:UUID is an error naming it', () => {
    expect(() =>
      requestBody(sample.xml.replace(/<cbc:UUID>8e6000cf[^<]*<\/cbc:UUID>/, '')),
    ).toThrow('cbc:UUID');
  });
});
