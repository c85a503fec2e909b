import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { Certificate, Extensions } from '@peculiar/asn1-x509';
import { createPublicKey, generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CERTIFICATE_TEMPLATE_NAMES,
  CSR_ENVIRONMENTS,
  CsrConfigError,
  environmentForTemplateName,
  generateCsr,
  parseCsr,
  parseCsrConfig,
  templateNameFor,
  type CsrConfig,
  type CsrEnvironment,
} from '../../../../src/core/csr';
import { generateSecp256k1KeyPair, loadPrivateKey } from '../../../../src/core/keys';
import { sdkPath } from '../../../support/sdk';
import {
  hasOpenssl,
  openssl,
  pemToDer,
  SDK_CSR_CONFIGS,
  sdkConfigText,
  splitCertificationRequest,
} from './csr-test-support';

const SUBJECT_ALT_NAME = '2.5.29.17';
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** The SDK's ZATCA-issued certificate (bare base64 DER). */
const sdkCertDer = Buffer.from(readFileSync(sdkPath('Certificates', 'cert.pem'), 'utf8'), 'base64');

function makeCsr(config: CsrConfig, environment: CsrEnvironment = 'simulation') {
  const { privateKey, publicKey } = generateSecp256k1KeyPair();
  return { csr: generateCsr({ fields: config, privateKey, environment }), publicKey };
}

/** openssl prints non-ASCII in DirName as \xNN escapes; turn them back into text. */
const unescapeOpenssl = (text: string): string =>
  text.replace(/(?:\\x[0-9A-F]{2})+/g, (run) =>
    Buffer.from(run.replace(/\\x/g, ''), 'hex').toString('utf8'),
  );

describe.each(Object.entries(SDK_CSR_CONFIGS))('CSR from the SDK example %s', (_name, file) => {
  const config = parseCsrConfig(sdkConfigText(file));
  const { csr, publicKey } = makeCsr(config);

  it('parses back to the config values, template name and public key', () => {
    const parsed = parseCsr(csr.pem);
    expect(parsed.fields).toEqual(config);
    expect(parsed.subject).toEqual({
      country: config.country,
      organizationUnit: config.organizationUnit,
      organization: config.organization,
      commonName: config.commonName,
    });
    expect(parsed.san).toEqual({
      serialNumber: config.serialNumber,
      vatNumber: config.vatNumber,
      invoiceType: config.invoiceType,
      locationAddress: config.locationAddress,
      businessCategory: config.businessCategory,
    });
    expect(parsed.templateName).toBe('PREZATCA-Code-Signing');
    expect(parsed.publicKeyDer).toEqual(publicKey.export({ format: 'der', type: 'spki' }));
    expect(parsed.signatureValid).toBe(true);
  });

  it('carries a signature node:crypto verifies over the DER CertificationRequestInfo', () => {
    const { info, signature } = splitCertificationRequest(csr.der);
    expect(verify('sha256', info, publicKey, signature)).toBe(true);
  });

  (hasOpenssl ? it : it.skip)('passes openssl req -verify', () => {
    const result = openssl(['req', '-in', '@IN', '-verify', '-noout'], csr.pem);
    expect(result.output).toMatch(/verify OK/);
    expect(result.status).toBe(0);
  });

  (hasOpenssl ? it : it.skip)('reads in openssl req -text with the same values', () => {
    const { output, status } = openssl(
      ['req', '-in', '@IN', '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus_space'],
      csr.pem,
    );
    expect(status).toBe(0);
    const subject = /Subject: (.*)/.exec(output)?.[1];
    expect(subject).toBe(
      `C=${config.country}, OU=${config.organizationUnit}, O=${config.organization}, CN=${config.commonName}`,
    );
    const dirName = unescapeOpenssl(/DirName:(.*)/.exec(output)?.[1] ?? '');
    expect(dirName).toBe(
      `/SN=${config.serialNumber}/UID=${config.vatNumber}/title=${config.invoiceType}` +
        `/registeredAddress=${config.locationAddress}/businessCategory=${config.businessCategory}`,
    );
    expect(output).toMatch(/1\.3\.6\.1\.4\.1\.311\.20\.2:\s*\n\s*\.\.PREZATCA-Code-Signing/);
    expect(output).toMatch(/ASN1 OID: secp256k1/);
    expect(output).toMatch(/Signature Algorithm: ecdsa-with-SHA256/);
  });

  it('gives the API form as base64 of the PEM text', () => {
    expect(Buffer.from(csr.base64, 'base64').toString('utf8')).toBe(csr.pem);
    expect(csr.pem).toMatch(
      /^-----BEGIN CERTIFICATE REQUEST-----\n([A-Za-z0-9+/]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE REQUEST-----\n$/,
    );
    expect(pemToDer(csr.pem)).toEqual(csr.der);
  });
});

describe('string types', () => {
  const stringTypesOf = (der: Buffer) =>
    AsnConvert.parse(der, CertificationRequest).certificationRequestInfo.subject.map((rdn) => ({
      type: rdn[0].type,
      printable: rdn[0].value.printableString !== undefined,
      utf8: rdn[0].value.utf8String !== undefined,
    }));

  it('uses PrintableString for ASCII subject values and UTF8String for Arabic ones', () => {
    const en = stringTypesOf(makeCsr(parseCsrConfig(sdkConfigText(SDK_CSR_CONFIGS.EN))).csr.der);
    expect(en.every((attr) => attr.printable)).toBe(true);
    const ar = stringTypesOf(makeCsr(parseCsrConfig(sdkConfigText(SDK_CSR_CONFIGS.AR))).csr.der);
    expect(ar.map((attr) => [attr.type, attr.utf8])).toEqual([
      ['2.5.4.6', false],
      ['2.5.4.11', true],
      ['2.5.4.10', true],
      ['2.5.4.3', false],
    ]);
  });

  it('uses UTF8String for ASCII values outside the PrintableString alphabet', () => {
    const config = parseCsrConfig(sdkConfigText(SDK_CSR_CONFIGS.EN));
    const types = stringTypesOf(makeCsr({ ...config, organization: 'A&B_Trading' }).csr.der);
    expect(types.find((attr) => attr.type === '2.5.4.10')).toMatchObject({ utf8: true });
  });
});

describe("agreement with the SDK's ZATCA-issued certificate", () => {
  const config = parseCsrConfig(sdkConfigText(SDK_CSR_CONFIGS.EN));
  const sdkKey = loadPrivateKey(readFileSync(sdkPath('Certificates', 'ec-secp256k1-priv-key.pem')));
  const csr = generateCsr({ fields: config, privateKey: sdkKey, environment: 'sandbox' });

  it('requests the same SubjectAltName bytes ZATCA issued for the same values', () => {
    const certificate = AsnConvert.parse(sdkCertDer, Certificate);
    const issuedSan = certificate.tbsCertificate.extensions!.find(
      (ext) => ext.extnID === SUBJECT_ALT_NAME,
    )!;
    const request = AsnConvert.parse(csr.der, CertificationRequest);
    const extensionRequest = request.certificationRequestInfo.attributes.find(
      (attr) => attr.type === EXTENSION_REQUEST,
    )!;
    const requestedSan = AsnConvert.parse(extensionRequest.values[0], Extensions).find(
      (ext) => ext.extnID === SUBJECT_ALT_NAME,
    )!;
    expect(Buffer.from(requestedSan.extnValue.buffer)).toEqual(
      Buffer.from(issuedSan.extnValue.buffer),
    );
  });

  it('has the subject and public key of that certificate', () => {
    const cert = new X509Certificate(sdkCertDer);
    const parsed = parseCsr(csr.base64);
    const certSubject = Object.fromEntries(
      cert.subject.split('\n').map((line): [string, string] => {
        const [key, value] = line.split('=');
        return [key, value];
      }),
    );
    expect(certSubject).toEqual({
      C: parsed.subject.country,
      O: parsed.subject.organization,
      OU: parsed.subject.organizationUnit,
      CN: parsed.subject.commonName,
    });
    expect(parsed.publicKeyDer).toEqual(cert.publicKey.export({ format: 'der', type: 'spki' }));
  });
});

describe('environment and certificate template name', () => {
  it.each([
    ['sandbox', 'TSTZATCA-Code-Signing'],
    ['simulation', 'PREZATCA-Code-Signing'],
    ['production', 'ZATCA-Code-Signing'],
  ] as const)('%s requests %s (spec 5.3)', (environment, templateName) => {
    expect(templateNameFor(environment)).toBe(templateName);
    expect(environmentForTemplateName(templateName)).toBe(environment);
    const config = parseCsrConfig(sdkConfigText(SDK_CSR_CONFIGS.EN));
    const parsed = parseCsr(makeCsr(config, environment).csr.pem);
    expect(parsed.templateName).toBe(templateName);
    expect(parsed.environment).toBe(environment);
  });

  it('knows exactly the three environments', () => {
    expect([...CSR_ENVIRONMENTS].sort()).toEqual(Object.keys(CERTIFICATE_TEMPLATE_NAMES).sort());
    expect(environmentForTemplateName('TESTZATCA-Code-Signing')).toBeUndefined();
  });
});

describe('generateCsr refuses what ZATCA would refuse', () => {
  const config = parseCsrConfig(sdkConfigText(SDK_CSR_CONFIGS.EN));
  const { privateKey } = generateSecp256k1KeyPair();

  it('fields that bypassed the config parser, naming the property', () => {
    expect(() =>
      generateCsr({
        fields: { ...config, vatNumber: '12345' },
        privateKey,
        environment: 'sandbox',
      }),
    ).toThrow(CsrConfigError);
    expect(() =>
      generateCsr({
        fields: { ...config, vatNumber: '12345' },
        privateKey,
        environment: 'sandbox',
      }),
    ).toThrow(/csr\.organization\.identifier must be 15 digits/);
  });

  it('a key that is not on secp256k1', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    expect(() => generateCsr({ fields: config, privateKey: p256, environment: 'sandbox' })).toThrow(
      /secp256k1/,
    );
  });

  it('a public key where the private key belongs', () => {
    expect(() =>
      generateCsr({
        fields: config,
        privateKey: createPublicKey(privateKey),
        environment: 'sandbox',
      }),
    ).toThrow(/expected a private key/);
  });
});
