import {
  X509Certificate,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCertificate, type ParsedCertificate } from '../../core/crypto';
import { FATOORA_ENVIRONMENTS, type FatooraEnvironment } from '../../fatoora/environments';
import { buildCertificate, caExtensions, caName } from './x509-builder';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Name } from '@peculiar/asn1-x509';

/** One issuing CA of the simulator: its key and self-signed certificate. */
export interface CaIdentity {
  environment: FatooraEnvironment;
  key: KeyObject;
  publicKeyDer: Buffer;
  certificate: ParsedCertificate;
  /** The issuer Name as ASN.1, copied into issued certificates. */
  name: Name;
}

// CN per environment in the style of ZATCA's issuing CAs (spec 3.2), marked as the simulator's.
const CA_COMMON_NAMES: Record<FatooraEnvironment, string> = {
  sandbox: 'TSZEINVOICE-SIMULATOR-CA',
  simulation: 'PEZEINVOICE-SIMULATOR-CA',
  production: 'PRZEINVOICE-SIMULATOR-CA',
};
const CA_DOMAIN = ['simulator', 'zatca-bridge', 'local'];
const CA_YEARS = 20;

/**
 * The simulator's certificate authorities, one per environment so a certificate from one
 * environment is refused in another, as ZATCA's are. Created on first start under
 * `<stateDir>/ca` and reused afterwards (secp256k1 keys, ECDSA-SHA256).
 */
export class SimulatorCa {
  private readonly identities = new Map<FatooraEnvironment, CaIdentity>();
  private readonly issuedVerdicts = new WeakMap<
    ParsedCertificate,
    Map<FatooraEnvironment, boolean>
  >();

  constructor(stateDir: string) {
    const dir = join(stateDir, 'ca');
    mkdirSync(dir, { recursive: true });
    for (const environment of FATOORA_ENVIRONMENTS) {
      this.identities.set(environment, loadOrCreate(dir, environment));
    }
  }

  identity(environment: FatooraEnvironment): CaIdentity {
    return this.identities.get(environment)!;
  }

  /** Whether `certificate` was signed by this environment's CA. */
  issued(environment: FatooraEnvironment, certificate: ParsedCertificate): boolean {
    // The same parsed certificate comes with every document of a unit: verify it once.
    let verdicts = this.issuedVerdicts.get(certificate);
    if (!verdicts) {
      verdicts = new Map<FatooraEnvironment, boolean>();
      this.issuedVerdicts.set(certificate, verdicts);
    }
    let verdict = verdicts.get(environment);
    if (verdict === undefined) {
      verdict = this.verifyIssued(environment, certificate);
      verdicts.set(environment, verdict);
    }
    return verdict;
  }

  private verifyIssued(environment: FatooraEnvironment, certificate: ParsedCertificate): boolean {
    const ca = this.identity(environment);
    if (certificate.issuerName !== ca.certificate.issuerName) return false;
    try {
      return new X509Certificate(certificate.der).verify(createPublicKey(ca.key));
    } catch {
      return false;
    }
  }
}

function loadOrCreate(dir: string, environment: FatooraEnvironment): CaIdentity {
  const keyPath = join(dir, `${environment}-ca-key.pem`);
  const certPath = join(dir, `${environment}-ca-cert.pem`);
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    const name = caName(CA_COMMON_NAMES[environment], CA_DOMAIN);
    const publicKeyDer = publicKey.export({ format: 'der', type: 'spki' });
    const now = new Date();
    const der = buildCertificate({
      subject: name,
      subjectPublicKeyDer: publicKeyDer,
      issuer: name,
      issuerKey: privateKey,
      issuerPublicKeyDer: publicKeyDer,
      notBefore: new Date(now.getTime() - 24 * 3600 * 1000),
      notAfter: new Date(now.getFullYear() + CA_YEARS, now.getMonth(), now.getDate()),
      extensions: caExtensions(),
    });
    // Key written owner-only: it signs every certificate and cleared invoice of this environment.
    writeFileSync(keyPath, privateKey.export({ format: 'pem', type: 'pkcs8' }), {
      mode: 0o600,
    });
    writeFileSync(certPath, toPem(der));
  }
  const key = createPrivateKey(readFileSync(keyPath, 'utf8'));
  const certificate = parseCertificate(readFileSync(certPath, 'utf8'));
  const parsed = AsnConvert.parse(certificate.der, Certificate);
  return {
    environment,
    key,
    publicKeyDer: certificate.publicKeyDer,
    certificate,
    name: parsed.tbsCertificate.subject,
  };
}

export function toPem(der: Buffer): string {
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}
