/**
 * A UBL invoice ready to be signed: the document text without `ext:UBLExtensions`, the QR
 * `cac:AdditionalDocumentReference` and `cac:Signature`. The whitespace that surrounds those
 * three elements in the final document stays in `xml`, because ZATCA's hash keeps it (spec 2.2).
 */
export interface UnsignedInvoice {
  /** UTF-8 document text, XML declaration included or not. */
  xml: string;
  /** Offsets into `xml` where the three parts are inserted when signing. */
  insertAt: { extensions: number; qr: number; signature: number };
  /**
   * True when the producer guarantees that `xml` (after any XML declaration) is already in
   * inclusive C14N form, so its SHA-256 is the invoice hash without parsing. Our renderer sets
   * it; documents from elsewhere leave it unset and are canonicalised with a real C14N.
   */
  canonical?: boolean;
  /**
   * SHA-256 of the canonical text (the invoice hash's 32 bytes), computed by the producer while
   * rendering; trusted only together with `canonical`. Saves encoding the whole document again.
   */
  hash?: Uint8Array;
  /** Values for the QR code; read from the document when absent. */
  qrFields?: QrFields;
  /** The document's cbc:UUID, when the producer knows it; searched in `xml` when absent. */
  uuid?: string;
  /**
   * `xml` in consecutive pieces (their concatenation is `xml`), for large documents: hashing and
   * splicing piece by piece never joins the whole text into one flat string, which V8 allocates
   * outside its young generation above about 64k characters and which then costs more than the
   * hash itself. Ignored when their lengths do not add up to `xml`'s.
   */
  parts?: readonly string[];
}

/** The document values that QR tags 1-5 carry, as their exact lexical text in the XML. */
export interface QrFields {
  sellerName: string;
  vatNumber: string;
  /** IssueDate + 'T' + IssueTime, exactly as in the document. */
  timestamp: string;
  /**
   * LegalMonetaryTotal/PayableAmount text. SDK 3.4.8 writes PayableAmount into tag 4 (its
   * prepayment and rounding samples prove it); it equals TaxInclusiveAmount otherwise.
   */
  totalWithVat: string;
  /** First cac:TaxTotal/cbc:TaxAmount text. */
  vatTotal: string;
  /** Simplified documents (InvoiceTypeCode/@name starting 02) carry tag 9. */
  simplified: boolean;
}
