import type { FatooraEnvironment } from '../../fatoora/environments';

export type CsidKind = 'compliance' | 'production';

/** A CSID the simulator issued. Secrets are kept only as SHA-256 hashes. */
export interface CsidRecord {
  requestId: string;
  kind: CsidKind;
  environment: FatooraEnvironment;
  /** base64 DER: the ds:X509Certificate text. */
  certificateBase64: string;
  serialNumber: string;
  secretHash: string;
  vatNumber: string;
  /** CSR title, the TSCZ invoice-type map. */
  invoiceType: string;
  commonName: string;
  /** The CSR (DER, base64) the certificate came from; the PCSID reuses its subject and key. */
  csrDerBase64: string;
  issuedAt: string;
  notAfter: string;
  revoked: boolean;
  /** Compliance steps passed with this CCSID (spec 7.3). */
  compliancePassed: string[];
  /** Renewal CCSID: the requestID of the PCSID being renewed. */
  renewalOf?: string;
  /** PCSID: the requestID of the CCSID it was issued for. */
  complianceRequestId?: string;
}

/** One document of a certificate's chain (spec 8.3). */
export interface ChainEntry {
  icv: number;
  hash: string;
  pih: string;
  uuid: string;
}

/** An accepted submission, for 208/409 duplicate answers (spec 6.4). */
export interface AcceptedSubmission {
  key: string;
  status: number;
  body: unknown;
  at: string;
}

export type OtpPurpose = 'onboarding' | 'renewal';

export interface OtpRecord {
  otpHash: string;
  purpose: OtpPurpose;
  environment: FatooraEnvironment;
  /** When set, only a CSR for this VAT number may use it. */
  vatNumber?: string;
  expiresAt: string;
  used: boolean;
}

export interface SimulatorStateData {
  version: 1;
  csids: CsidRecord[];
  /** Keyed by certificate serial number. */
  chains: Record<string, ChainEntry[]>;
  accepted: AcceptedSubmission[];
  otps: OtpRecord[];
  /** The last line of state.journal included in this snapshot (see SimulatorState). */
  journalSeq?: number;
}
