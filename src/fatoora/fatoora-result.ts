/**
 * What a Fatoora call came to, in terms a caller can act on without reading HTTP codes.
 * Every call resolves to one of these; none of them throws for HTTP or network failures.
 */

/** One validation message or API error, as ZATCA names it. */
export interface FatooraMessage {
  code: string;
  category: string;
  message: string;
}

/** Credentials of a CSID: Basic auth user (token exactly as returned) and password. */
export interface CsidCredentials {
  binarySecurityToken: string;
  secret: string;
}

/** A CSID as issued by /compliance or /production/csids. */
export interface IssuedCsid extends CsidCredentials {
  /** Kept as text: ZATCA sends a 13+ digit number. */
  requestID: string;
  dispositionMessage: string;
  tokenType: string;
  /** The certificate as the base64 DER text that goes into ds:X509Certificate (token decoded once). */
  certificateBase64: string;
}

/** Outcomes shared by every call: the request did not produce an answer about the content. */
export type FailureResult =
  | { kind: 'unauthorized'; status: number; message: string }
  | { kind: 'rate-limited'; status: 429; retryAfterMs: number | null; message: string }
  /** 5xx, or the request never left (connect refused/timed out, DNS): resend the identical bytes. */
  | { kind: 'transient'; status: number | null; reason: TransientReason; message: string }
  /** The request was sent but no answer came: ZATCA may have accepted it. Resend identical bytes later; 208/409 then means it did. */
  | { kind: 'unknown-outcome'; reason: 'timeout' | 'connection-lost'; message: string }
  /** An answer this client does not understand (404, 406, a body that is not JSON...). */
  | { kind: 'unexpected'; status: number; message: string };

export type TransientReason = 'server-error' | 'connect-failed' | 'connect-timeout' | 'network';

export type InvoiceOutcome = 'cleared' | 'reported';

/** Result of compliance check, reporting and clearance. */
export type FatooraResult =
  | {
      kind: 'accepted';
      status: 200 | 202;
      outcome: InvoiceOutcome;
      /** 202: accepted with warnings. Do not resubmit; fix future documents. */
      warnings: FatooraMessage[];
      info: FatooraMessage[];
      /** Clearance only: ZATCA's stamped XML, the version to hand to the buyer. */
      clearedInvoice?: ClearedInvoice;
    }
  | {
      /** 208 (clearance) or 409 (reporting): an earlier identical submission was accepted. */
      kind: 'duplicate';
      status: 208 | 409;
      outcome: InvoiceOutcome;
      message: string;
      clearedInvoice?: ClearedInvoice;
    }
  | { kind: 'rejected'; status: number; errors: FatooraMessage[]; warnings: FatooraMessage[] }
  /** 303: clearance switched off; send standard documents to reporting. */
  | { kind: 'clearance-off'; status: 303; message: string }
  | FailureResult;

export interface ClearedInvoice {
  base64: string;
  xml: string;
  /**
   * The document's bytes, decoded from `base64`, when they are valid UTF-8 (then exactly the
   * UTF-8 of `xml`): the archive and the intake's answer use them instead of encoding `xml`.
   */
  bytes?: Buffer;
}

/** Result of the three CSID calls. */
export type CsidResult =
  | { kind: 'issued'; status: 200; csid: IssuedCsid }
  /** 428 on renewal: new credentials issued, compliance checks must pass before the PCSID call. */
  | { kind: 'compliance-required'; status: 428; csid: IssuedCsid }
  /** Bad OTP, bad CSR, Missing-ComplianceSteps and the like. */
  | { kind: 'rejected'; status: number; errors: FatooraMessage[] }
  | FailureResult;

export type FatooraResultKind = FatooraResult['kind'];
export type CsidResultKind = CsidResult['kind'];
