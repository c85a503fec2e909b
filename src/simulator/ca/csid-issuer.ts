import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { Extension, Extensions, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import { parseCertificate, type ParsedCertificate } from '../../core/crypto';
import type { ParsedCsr } from '../../core/csr';
import type { FatooraEnvironment } from '../../fatoora/environments';
import type { SimulatorCa } from './simulator-ca';
import { buildCertificate, codeSigningExtensions } from './x509-builder';

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const CERTIFICATE_TEMPLATE_NAME = '1.3.6.1.4.1.311.20.2';
const DAY_MS = 24 * 3600 * 1000;

export interface IssueRequest {
  csr: ParsedCsr;
  environment: FatooraEnvironment;
  validityDays: number;
  now: Date;
}

/**
 * Issues a CSID certificate the way ZATCA's CA does (spec 5.3, 8.4): subject and SAN
 * directoryName copied from the CSR, the CSR's public key, keyUsage digitalSignature (critical),
 * EKU codeSigning + clientAuth, the template name kept, random serial, signed by the
 * environment's CA. A validity of 0 or less days gives an already expired certificate (tests).
 */
export function issueCertificate(ca: SimulatorCa, request: IssueRequest): ParsedCertificate {
  const identity = ca.identity(request.environment);
  const csr = AsnConvert.parse(request.csr.der, CertificationRequest);
  const copied = requestedExtensions(csr).filter(
    (e) => e.extnID === id_ce_subjectAltName || e.extnID === CERTIFICATE_TEMPLATE_NAME,
  );
  const { notBefore, notAfter } = validity(request.now, request.validityDays);
  const der = buildCertificate({
    subject: csr.certificationRequestInfo.subject,
    subjectPublicKeyDer: request.csr.publicKeyDer,
    issuer: identity.name,
    issuerKey: identity.key,
    issuerPublicKeyDer: identity.publicKeyDer,
    notBefore,
    notAfter,
    extensions: [...copied, ...codeSigningExtensions()],
  });
  return parseCertificate(der);
}

function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  if (days > 0) {
    // ZATCA backdates notBefore slightly; a minute absorbs clock skew between EGS and CA.
    return {
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + days * DAY_MS),
    };
  }
  // Expired on issue: valid for one day that ended |days| days ago (at least one second ago).
  const notAfter = new Date(now.getTime() + days * DAY_MS - 1000);
  return { notBefore: new Date(notAfter.getTime() - DAY_MS), notAfter };
}

function requestedExtensions(csr: CertificationRequest): Extension[] {
  const attribute = csr.certificationRequestInfo.attributes.find(
    (a) => a.type === EXTENSION_REQUEST,
  );
  if (!attribute || attribute.values.length === 0) return [];
  return Array.from(AsnConvert.parse(attribute.values[0], Extensions));
}
