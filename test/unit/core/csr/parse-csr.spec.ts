import { generateKeyPairSync } from 'node:crypto';
import {
  csrDerToPem,
  CsrParseError,
  generateCsr,
  parseCsr,
  parseCsrConfig,
  type CsrConfig,
} from '../../../../src/core/csr';
import { generateSecp256k1KeyPair, privateKeyToSec1Pem } from '../../../../src/core/keys';
import {
  derElement,
  hasOpenssl,
  openssl,
  opensslCsr,
  SDK_CSR_CONFIGS,
  sdkConfigText,
} from './csr-test-support';

const config = parseCsrConfig(sdkConfigText(SDK_CSR_CONFIGS.EN));
const arabicConfig = parseCsrConfig(sdkConfigText(SDK_CSR_CONFIGS.AR));
const { privateKey } = generateSecp256k1KeyPair();
const csr = generateCsr({ fields: config, privateKey, environment: 'sandbox' });

function errorOf(input: string | Uint8Array): string {
  try {
    parseCsr(input);
  } catch (error) {
    expect(error).toBeInstanceOf(CsrParseError);
    return (error as Error).message;
  }
  throw new Error('expected parseCsr to throw');
}

/** Replaces the last occurrence of `from` in the DER by `to` (same length). */
function replaceBytes(der: Buffer, from: string, to: string): Buffer {
  // The last one: the VAT number also appears inside the CN, before the SAN.
  const at = der.lastIndexOf(Buffer.from(from, 'utf8'));
  expect(at).toBeGreaterThan(0);
  const copy = Buffer.from(der);
  Buffer.from(to, 'utf8').copy(copy, at);
  return copy;
}

describe('parseCsr input forms', () => {
  it.each([
    ['pem', csr.pem],
    ['api-base64', csr.base64],
    ['base64-der', csr.der.toString('base64')],
    ['der', csr.der],
    ['api-base64', `  ${csr.base64.replace(/(.{76})/g, '$1\n')}\n`],
    ['pem', csr.pem.replace(/\n/g, '\r\n')],
  ] as const)('reads %s and reports the form', (form, input) => {
    const parsed = parseCsr(input);
    expect(parsed.inputForm).toBe(form);
    expect(parsed.fields).toEqual(config);
    expect(parsed.der).toEqual(csr.der);
  });

  it.each([
    ['empty input', '', /empty/],
    ['text that is neither PEM nor base64', 'hello, world', /neither PEM nor base64/],
    ['a PEM of another kind', privateKeyToSec1Pem(privateKey), /CERTIFICATE REQUEST/],
    ['base64 of neither PEM nor DER', Buffer.from('plain words').toString('base64'), /neither/],
    ['DER of something else', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]), /not a PKCS#10/],
  ])('refuses %s', (_what, input, message) => {
    expect(errorOf(input)).toMatch(message);
  });

  it('refuses trailing bytes after the CSR and a truncated CSR', () => {
    expect(errorOf(Buffer.concat([csr.der, Buffer.from([0, 0])]))).toMatch(/trailing bytes/);
    expect(errorOf(csr.der.subarray(0, csr.der.length - 3))).toMatch(/truncated/);
  });
});

describe('parseCsr signature check', () => {
  it('reports a CSR tampered after signing (subject changed) as not verifying', () => {
    const tampered = replaceBytes(csr.der, 'Riyadh Branch', 'Jeddah Branch');
    const parsed = parseCsr(csrDerToPem(tampered));
    expect(parsed.subject.organizationUnit).toBe('Jeddah Branch');
    expect(parsed.signatureValid).toBe(false);
  });

  it('reports a tampered SAN value as not verifying', () => {
    const tampered = replaceBytes(csr.der, '399999999900003', '300000000000003');
    const parsed = parseCsr(tampered);
    expect(parsed.san.vatNumber).toBe('300000000000003');
    expect(parsed.subject.commonName).toBe(config.commonName);
    expect(parsed.signatureValid).toBe(false);
  });

  it('reports a tampered Arabic value as not verifying, and still reads the Arabic', () => {
    const arabic = generateCsr({ fields: arabicConfig, privateKey, environment: 'sandbox' });
    const tampered = replaceBytes(arabic.der, 'فرع', 'فرق');
    const parsed = parseCsr(tampered);
    expect(parsed.subject.organizationUnit).toBe('فرق الرياض');
    expect(parsed.signatureValid).toBe(false);
  });

  it('reports a signature from another key as not verifying', () => {
    const other = generateCsr({
      fields: config,
      privateKey: generateSecp256k1KeyPair().privateKey,
      environment: 'sandbox',
    });
    // Same length prefix is not guaranteed: rebuild with this CSR's info and the other signature.
    const mine = splitAt(csr.der);
    const theirs = splitAt(other.der);
    const body = Buffer.concat([mine.info, mine.algorithm, theirs.signatureElement]);
    const spliced = Buffer.concat([derHeader(body.length), body]);
    expect(parseCsr(spliced).signatureValid).toBe(false);
  });

  it('reports a signature that is not DER ECDSA as not verifying', () => {
    const mine = splitAt(csr.der);
    const junk = Buffer.from([0x03, 0x05, 0x00, 0x01, 0x02, 0x03, 0x04]);
    const body = Buffer.concat([mine.info, mine.algorithm, junk]);
    expect(parseCsr(Buffer.concat([derHeader(body.length), body])).signatureValid).toBe(false);
  });

  it('refuses ecdsa-with-SHA256 with a NULL parameter (RFC 5758 wants none)', () => {
    const mine = splitAt(csr.der);
    const withNull = Buffer.concat([
      Buffer.from([0x30, mine.algorithm[1] + 2]),
      mine.algorithm.subarray(2),
      Buffer.from([0x05, 0x00]),
    ]);
    const body = Buffer.concat([mine.info, withNull, mine.signatureElement]);
    expect(errorOf(Buffer.concat([derHeader(body.length), body]))).toMatch(
      /ecdsa-with-SHA256 must have no parameters/,
    );
  });

  (hasOpenssl ? it : it.skip)('agrees with openssl on the tampered CSR', () => {
    // OpenSSL 3.0 exits 0 even when verification fails, so read what it says.
    const tampered = csrDerToPem(replaceBytes(csr.der, 'Riyadh Branch', 'Jeddah Branch'));
    expect(openssl(['req', '-in', '@IN', '-verify', '-noout'], tampered).output).toMatch(
      /verify failure/,
    );
    expect(openssl(['req', '-in', '@IN', '-verify', '-noout'], csr.pem).output).toMatch(
      /verify OK/,
    );
  });
});

function splitAt(der: Buffer) {
  const outer = derElement(der, 0);
  let at = outer.header;
  const info = der.subarray(at, at + derElement(der, at).total);
  at += info.length;
  const algorithm = der.subarray(at, at + derElement(der, at).total);
  at += algorithm.length;
  return { info, algorithm, signatureElement: der.subarray(at) };
}

function derHeader(length: number): Buffer {
  return length < 0x80
    ? Buffer.from([0x30, length])
    : length < 0x100
      ? Buffer.from([0x30, 0x81, length])
      : Buffer.from([0x30, 0x82, length >> 8, length & 0xff]);
}

/** An openssl req config for the given values, with optional changes to the sections. */
function reqConfig(
  values: CsrConfig,
  options: {
    template?: string | null;
    subjectExtra?: string;
    omitSubject?: string;
    san?: string;
    extraExtensions?: string;
  } = {},
): string {
  const subject = [
    `C=${values.country}`,
    `OU=${values.organizationUnit}`,
    `O=${values.organization}`,
    `CN=${values.commonName}`,
  ].filter((line) => !options.omitSubject || !line.startsWith(`${options.omitSubject}=`));
  const template =
    options.template === null
      ? ''
      : `1.3.6.1.4.1.311.20.2 = ASN1:UTF8String:${options.template ?? 'ZATCA-Code-Signing'}`;
  return [
    '[req]',
    'prompt = no',
    'utf8 = yes',
    'string_mask = utf8only',
    'distinguished_name = dn',
    'req_extensions = ext',
    '[dn]',
    ...subject,
    options.subjectExtra ?? '',
    '[ext]',
    template,
    options.san ?? 'subjectAltName = dirName:alt',
    options.extraExtensions ?? '',
    '[alt]',
    `SN=${values.serialNumber}`,
    `UID=${values.vatNumber}`,
    `title=${values.invoiceType}`,
    `registeredAddress=${values.locationAddress}`,
    `businessCategory=${values.businessCategory}`,
    '',
  ].join('\n');
}

(hasOpenssl ? describe : describe.skip)('parseCsr on CSRs made by openssl', () => {
  const keyPem = privateKeyToSec1Pem(privateKey);

  it.each([
    ['English', config],
    // openssl reads SAN dirName sections as Latin-1 (no utf8 switch there), so Arabic goes in
    // the subject only; the parser refuses the mojibake it would make (C1 control characters).
    ['Arabic subject', { ...arabicConfig, businessCategory: 'Supply activities' }],
  ])('reads a %s ZATCA CSR made with an openssl config', (_language, values) => {
    const parsed = parseCsr(opensslCsr(reqConfig(values), keyPem));
    expect(parsed.fields).toEqual(values);
    expect(parsed.environment).toBe('production');
    expect(parsed.signatureValid).toBe(true);
  });

  it('lists non-critical extensions ZATCA does not use, without refusing them', () => {
    const pem = opensslCsr(
      reqConfig(config, { extraExtensions: 'keyUsage = digitalSignature' }),
      keyPem,
    );
    expect(parseCsr(pem).otherExtensionOids).toEqual(['2.5.29.15']);
  });

  it.each([
    [
      'a key on another curve',
      () =>
        opensslCsr(
          reqConfig(config),
          generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
            .privateKey.export({ format: 'pem', type: 'sec1' })
            .toString(),
        ),
      /public key must be EC on secp256k1, got ec prime256v1/,
    ],
    [
      'no template name',
      () => opensslCsr(reqConfig(config, { template: null }), keyPem),
      /missing certificate template name extension \(1\.3\.6\.1\.4\.1\.311\.20\.2\)/,
    ],
    [
      'a template name ZATCA does not issue',
      () => opensslCsr(reqConfig(config, { template: 'TESTZATCA-Code-Signing' }), keyPem),
      /template name "TESTZATCA-Code-Signing" is not one ZATCA issues/,
    ],
    [
      'a VAT number of 14 digits',
      () => opensslCsr(reqConfig({ ...config, vatNumber: '39999999990003' }), keyPem),
      /SAN UID \(VAT number\) must be 15 digits/,
    ],
    [
      'a serial number in the wrong form',
      () => opensslCsr(reqConfig({ ...config, serialNumber: 'TST-12345' }), keyPem),
      /SAN SN \(EGS serial number\) must have the form 1-/,
    ],
    [
      'an invoice type with reserved digits set',
      () => opensslCsr(reqConfig({ ...config, invoiceType: '1111' }), keyPem),
      /SAN title \(invoice type\) must have 0 in positions 3 and 4/,
    ],
    [
      'a VAT group without a TIN in OU',
      () => opensslCsr(reqConfig({ ...config, vatNumber: '399999999910003' }), keyPem),
      /subject OU must be the 10-digit TIN/,
    ],
    [
      'a location over the limit',
      () => opensslCsr(reqConfig({ ...config, locationAddress: 'x'.repeat(65) }), keyPem),
      /SAN registeredAddress \(location\) must be at most 64 characters \(has 65\)/,
    ],
    [
      'Arabic in the SAN as openssl writes it (UTF-8 bytes read as Latin-1)',
      () => opensslCsr(reqConfig(arabicConfig), keyPem),
      /SAN businessCategory must not contain control characters/,
    ],
    [
      'an unexpected subject attribute',
      () => opensslCsr(reqConfig(config, { subjectExtra: 'serialNumber=12345' }), keyPem),
      /subject has an unexpected attribute 2\.5\.4\.5/,
    ],
    [
      'a subject without OU',
      () => opensslCsr(reqConfig(config, { omitSubject: 'OU' }), keyPem),
      /subject is missing OU/,
    ],
    [
      'a SAN with a DNS name instead of a directoryName',
      () => opensslCsr(reqConfig(config, { san: 'subjectAltName = DNS:egs.example' }), keyPem),
      /SubjectAltName must hold exactly one directoryName/,
    ],
    [
      'a critical extension it does not know',
      () =>
        opensslCsr(
          reqConfig(config, { extraExtensions: 'basicConstraints = critical,CA:FALSE' }),
          keyPem,
        ),
      /unsupported critical extension 2\.5\.29\.19/,
    ],
  ])('refuses %s, saying what is wrong', (_what, makePem, message) => {
    expect(errorOf(makePem())).toMatch(message);
  });

  it('refuses a CSR signed with SHA-384', () => {
    const pem = opensslCsr(reqConfig(config), keyPem, 'sha384');
    expect(errorOf(pem)).toMatch(
      /signature algorithm must be ecdsa-with-SHA256 \(1\.2\.840\.10045\.4\.3\.2\), got 1\.2\.840\.10045\.4\.3\.3/,
    );
  });
});
