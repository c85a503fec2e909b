import type { CanonicalMappings } from './mapping/mapping-settings';

/**
 * The contract between the host and one ERP connector. A connector knows its ERP's protocol;
 * the host owns everything else: scheduling, cursors, idempotency, retries, the audit trail
 * and the status API (docs/connectors.md).
 */
export interface Connector {
  /** Stable id of the ERP kind, e.g. `odoo`; a connection names it in `kind`. */
  readonly kind: string;
  /** Checks the connection's settings (not its secret); throws ConnectorSettingsError. */
  checkSettings(settings: Record<string, unknown>): void;
  /** A session against one connection; cheap, no network until a method is called. */
  open(connection: ConnectionTarget): ConnectorSession;
  /**
   * Checks that the ERP takes these settings and secret (log in, one read of what the
   * connector needs) before the host saves a change to them. `changed` lists the fields the
   * change touches (`settings.url`, `apiKey`...), so a refusal can name the one at fault.
   * Throws ConnectorSettingsError naming the field; writes nothing in the ERP.
   */
  verify?(connection: ConnectionTarget, changed: readonly string[]): Promise<void>;
}

/** What a connector gets about its connection: the settings and the decrypted secret. */
export interface ConnectionTarget {
  readonly id: string;
  readonly settings: Record<string, unknown>;
  /** The API key or password, decrypted for this session only; never log it. */
  readonly secret: string;
}

/** A hint that a record may need work: from a poll or a webhook. */
export interface RecordHint {
  readonly recordId: string;
  /** The ERP's change marker (Odoo: write_date) when known; the host skips versions it wrote. */
  readonly version?: string;
}

export interface PollResult {
  readonly hints: RecordHint[];
  /** The cursor to persist once every hint was handled; null keeps the old one. */
  readonly cursor: string | null;
}

/** One ERP record, read fresh, ready for mapping. */
export interface ErpDocument {
  readonly recordId: string;
  readonly version: string;
  /** Only posted (final) customer invoices and credit notes are submitted. */
  readonly postable: boolean;
  /** Why it is not postable (draft, wrong type, handled by the ERP's own ZATCA module...). */
  readonly skipReason?: string;
  readonly data: unknown;
}

export interface MappedInvoice {
  /** The EGS unit that signs it. */
  readonly unitId: string;
  /** The canonical invoice (docs/canonical-invoice.md). */
  readonly invoice: Record<string, unknown>;
}

/** What goes back into the ERP record. */
export interface WriteBackResult {
  /** CLEARED, REPORTED, REJECTED (ZATCA said no) or ERROR (we could not submit it). */
  readonly status: 'CLEARED' | 'REPORTED' | 'REJECTED' | 'ERROR';
  /** One or more sentences for the accountant. */
  readonly message: string;
  readonly uuid?: string;
  readonly invoiceHash?: string;
  readonly qr?: string;
  readonly icv?: number;
  /** The signed (simplified) or cleared (standard) XML to attach. */
  readonly xml?: { fileName: string; content: string };
}

/** How the host guards one write-back. */
export interface WriteBackOptions {
  /** Write only while the record is at one of these versions; otherwise write nothing. */
  readonly onlyAt?: readonly string[];
}

/** What a write-back found and did. */
export interface WriteBackOutcome {
  /** The record's version read just before writing (null: the ERP gave none). */
  readonly before: string | null;
  /** False only when `onlyAt` was given and the record was at another version. */
  readonly written: boolean;
  /** The record's version after the write; null when nothing was written or none was given. */
  readonly version: string | null;
}

/** What `prepare` gets from the host. */
export interface PrepareOptions {
  /** How the admin settles a competing submitter the connector reported (connector-defined). */
  readonly resolve?: string;
  /**
   * Where the ERP should send webhooks: the public base URL (CONNECTOR_PUBLIC_URL) + the
   * connection's webhook path with its secret token. Null when no public URL is configured.
   */
  readonly webhookUrl?: string | null;
}

/** What `prepare` did beyond the checks, in words for the admin. */
export interface PrepareReport {
  /** The ERP-side webhook (e.g. Odoo's automation rule): set up, already there, or why not. */
  readonly webhook?: {
    readonly state: 'created' | 'updated' | 'unchanged' | 'skipped';
    readonly message: string;
  };
}

export interface ConnectorSession {
  /**
   * First connection and every start: authenticate, probe the ERP, create what write-back
   * needs, set up the ERP's webhook when it can (idempotent). Throws ConnectorRefusedError when
   * it must not run (e.g. another submitter).
   */
  prepare(options?: PrepareOptions): Promise<PrepareReport | void>;
  /** New or changed records since `cursor` (null: from the beginning). */
  poll(cursor: string | null): Promise<PollResult>;
  /** Webhook body to hints; records that must be ignored (drafts) are left out. */
  webhookHints(body: unknown): RecordHint[];
  /** Reads the record fresh from the ERP. */
  load(recordId: string): Promise<ErpDocument>;
  /** ERP record to canonical invoice; throws MappingError naming the ERP field. */
  map(document: ErpDocument, mappings: CanonicalMappings): Promise<MappedInvoice>;
  /**
   * Writes the result into the record, reading its version just before (`before`) and after
   * the write (`version`). With `onlyAt`, writes nothing unless the record is at one of those
   * versions (`written` false): the host's result must not overwrite an ERP change it has not
   * read. No ERP offers compare-and-set here, so a change between the read and the write can
   * still slip through (docs/connectors.md, "Loop guard"). Throws ErpRecordGoneError when the
   * record no longer exists (the write-back is then abandoned, not retried).
   */
  writeBack(
    recordId: string,
    result: WriteBackResult,
    options?: WriteBackOptions,
  ): Promise<WriteBackOutcome>;
}

/** Registry token: the list of Connector implementations the host serves. */
export const CONNECTORS = Symbol('CONNECTORS');
