/**
 * JSON shapes on the Fatoora wire (spec 6.3), as the API actually returns them (not the
 * Swagger's `{invoiceHash,status,warnings,errors}` shape, which the API never sends).
 */

/** Body of compliance check, reporting and clearance calls. */
export interface InvoiceSubmission {
  /** base64 of the raw SHA-256 invoice hash (spec 2). */
  invoiceHash: string;
  /** The document's cbc:UUID. */
  uuid: string;
  /** base64 of the exact signed XML bytes. */
  invoice: string;
}

export interface CsrRequestBody {
  /** base64 of the PEM text of the CSR, armour lines included (spec 5.4). */
  csr: string;
}

export interface ProductionCsidRequestBody {
  compliance_request_id: string;
}

export type ValidationMessageType = 'INFO' | 'WARNING' | 'ERROR';

export interface ValidationMessage {
  type: ValidationMessageType;
  code: string;
  category: string;
  message: string;
  status: string;
}

export interface ValidationResults {
  infoMessages: ValidationMessage[];
  warningMessages: ValidationMessage[];
  errorMessages: ValidationMessage[];
  status: 'PASS' | 'WARNING' | 'ERROR';
}

export interface InvoiceResponseBody {
  validationResults?: ValidationResults;
  reportingStatus?: 'REPORTED' | 'NOT_REPORTED' | null;
  clearanceStatus?: 'CLEARED' | 'NOT_CLEARED' | null;
  clearedInvoice?: string | null;
  qrSellertStatus?: string | null;
  qrBuyertStatus?: string | null;
}

/** Error entries of CSID calls come as objects or plain strings (spec 6.3). */
export type CsidErrorEntry = { code?: string; category?: string; message?: string } | string;

export interface CsidResponseBody {
  requestID?: number | string;
  tokenType?: string;
  dispositionMessage?: string;
  binarySecurityToken?: string;
  secret?: string;
  errors?: CsidErrorEntry[] | null;
}

/** Single-error bodies ZATCA uses for 409 duplicates, Missing-ComplianceSteps, 401s. */
export interface SingleErrorBody {
  code?: string;
  category?: string;
  message?: string;
}

export const X509_TOKEN_TYPE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';

export const CLEARANCE_DEACTIVATED_MESSAGE =
  'Clearance is deactivated. Please use the /invoices/reporting/single endpoint instead.';
