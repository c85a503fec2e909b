import { inspectInvoice } from '../../core/signing/inspect-invoice';
import { isSimplified } from '../../core/signing/document-fields';
import type { FatooraEnvironment } from '../../fatoora/environments';
import type { InvoiceSubmission } from '../../fatoora/wire-types';
import {
  unauthorized,
  validationResults,
  type Message,
  type SimulatorAnswer,
} from '../answers/simulator-answer';
import type { CsidAuthenticator } from '../auth/csid-authenticator';
import type { FaultSettings } from '../faults/fault-settings';
import type { SimulatorCa } from '../ca/simulator-ca';
import { requiredSteps, stepOf } from '../csid/compliance-steps';
import type { SimulatorOptions } from '../simulator-options';
import type { SimulatorState } from '../state/simulator-state';
import type { CsidRecord } from '../state/state-types';
import { checkCertificate } from './certificate-checks';
import { checkChain } from './chain-checks';
import { stampClearedInvoice } from './cleared-invoice';
import { stageVerdicts, type DocumentValidator, type Verdicts } from './document-validator';
import { readInvoiceDocument, type InvoiceDocument } from './invoice-document';
import { checkStamp } from './stamp-checks';

export type InvoiceEndpoint = 'compliance' | 'reporting' | 'clearance';

const CLEARANCE_OFF_MESSAGE =
  'Clearance is deactivated. Please use the /invoices/reporting/single endpoint instead.';
/** Ours: the spec quotes only the doc text "303 returned when ... Standard Invoice while clearance is activated". */
const CLEARANCE_ON_MESSAGE =
  'Clearance is activated. Please use the /invoices/clearance/single endpoint for standard invoices.';

/** Compliance check (#2), reporting (#5) and clearance (#6), validated as ZATCA does (spec 6-8). */
export class InvoiceService {
  constructor(
    private readonly options: SimulatorOptions,
    private readonly state: SimulatorState,
    private readonly ca: SimulatorCa,
    private readonly auth: CsidAuthenticator,
    private readonly validate: DocumentValidator,
    private readonly faults: () => Pick<FaultSettings, 'clearanceOff' | 'reportingStandard303'>,
  ) {}

  private clearanceOff(): boolean {
    return this.faults().clearanceOff;
  }

  async submit(
    endpoint: InvoiceEndpoint,
    environment: FatooraEnvironment,
    authorization: string | undefined,
    body: unknown,
  ): Promise<SimulatorAnswer> {
    const auth = this.auth.authenticate(
      authorization,
      environment,
      endpoint === 'compliance' ? 'compliance' : 'production',
    );
    if (!auth.ok) return unauthorized();
    if (auth.csid.notAfter < this.options.now().toISOString())
      return unauthorized('The CSID has expired');
    if (endpoint === 'clearance' && this.clearanceOff()) {
      return {
        status: 303,
        body: { message: CLEARANCE_OFF_MESSAGE },
        headers: { location: '../reporting/single' },
      };
    }
    const submission = readSubmission(body);
    if (!submission)
      return this.answer(endpoint, false, {
        info: [],
        warnings: [],
        errors: [requestError('The body must have invoiceHash, uuid and invoice (base64) strings')],
      });
    let doc: InvoiceDocument;
    let computedHash: string;
    try {
      const xml = Buffer.from(submission.invoice, 'base64').toString('utf8');
      doc = readInvoiceDocument(xml);
      // The hash from the same parse (left unchanged); the qr and signature stages reuse it.
      computedHash = inspectInvoice(xml, doc.dom).invoiceHash;
    } catch (err) {
      const message = `The invoice is not a well-formed XML document: ${(err as Error).message}`;
      return this.answer(endpoint, false, {
        info: [],
        warnings: [],
        errors: [{ code: 'XSD_ZATCA_INVALID', category: 'XSD validation', message }],
      });
    }
    const simplified = isSimplified(doc.typeName ?? '');
    if (
      endpoint === 'reporting' &&
      !simplified &&
      !this.clearanceOff() &&
      this.faults().reportingStandard303
    ) {
      return {
        status: 303,
        body: { message: CLEARANCE_ON_MESSAGE },
        headers: { location: '../clearance/single' },
      };
    }
    const duplicateKey = `${environment}:${computedHash}`;
    if (endpoint !== 'compliance') {
      const earlier = this.state.accepted(
        duplicateKey,
        new Date(this.options.now().getTime() - this.options.duplicateWindowMs),
      );
      if (earlier) return duplicateAnswer(endpoint, earlier.body);
    }

    const verdicts = stageVerdicts(await this.validate(doc.xml, doc.dom));
    const stamp = checkStamp(doc, computedHash, submission, simplified);
    verdicts.errors.push(...stamp.errors);
    if (stamp.certificate) {
      merge(
        verdicts,
        checkCertificate(this.ca, this.state, {
          environment,
          certificate: stamp.certificate,
          sellerVat: doc.sellerVat,
          now: this.options.now(),
          strict: this.options.strict,
        }),
      );
    }
    verdicts.errors.push(...this.routingErrors(endpoint, simplified, doc, auth.csid));
    if (endpoint !== 'compliance')
      this.chain(
        doc,
        computedHash,
        stamp.certificate?.serialNumber ?? auth.csid.serialNumber,
        verdicts,
      );

    const accepted = verdicts.errors.length === 0;
    const cleared =
      endpoint === 'clearance' && accepted
        ? stampClearedInvoice(doc.xml, computedHash, this.ca.identity(environment), doc.dom)
        : undefined;
    const answer = this.answer(endpoint, !simplified, verdicts, cleared);
    if (accepted && endpoint === 'compliance') this.passStep(auth.csid, doc);
    if (accepted && endpoint !== 'compliance') {
      const at = this.options.now();
      this.state.addAccepted(
        { key: duplicateKey, status: answer.status, body: answer.body, at: at.toISOString() },
        new Date(at.getTime() - this.options.duplicateWindowMs),
      );
    }
    return answer;
  }

  /** Standard documents go to clearance, simplified ones to reporting (spec 6.4 303 note). */
  private routingErrors(
    endpoint: InvoiceEndpoint,
    simplified: boolean,
    doc: InvoiceDocument,
    csid: CsidRecord,
  ): Message[] {
    if (endpoint === 'reporting' && !simplified && !this.clearanceOff()) {
      return [
        {
          code: 'invoice-type-mismatch',
          category: 'INVOICE_TYPE_ERRORS',
          message: 'XML Submitted using reporting API is not a simplified document',
        },
      ];
    }
    if (endpoint === 'clearance' && simplified) {
      return [
        {
          code: 'invoice-type-mismatch',
          category: 'INVOICE_TYPE_ERRORS',
          message: 'XML Submitted using clearance API is not a standard document',
        },
      ];
    }
    if (endpoint === 'compliance') {
      const step = stepOf(doc.typeCode ?? '', doc.typeName ?? '');
      if (step && !requiredSteps(csid.invoiceType).includes(step)) {
        return [
          {
            code: 'invoice-type-not-allowed',
            category: 'INVOICE_TYPE_ERRORS',
            message: `The CSR's invoice type ${csid.invoiceType} does not allow this document type (${step})`,
          },
        ];
      }
    }
    return [];
  }

  private chain(doc: InvoiceDocument, hash: string, serial: string, verdicts: Verdicts): void {
    const icv = Number(doc.icv);
    if (!doc.icv || !/^\d+$/.test(doc.icv) || !Number.isSafeInteger(icv)) return; // BR-KSA-33/34 report it
    const entry = { icv, hash, pih: doc.pih ?? '', uuid: doc.uuid ?? '' };
    const chain = this.state.chain(serial);
    const problems = checkChain(chain, entry);
    (this.options.strict ? verdicts.errors : verdicts.warnings).push(...problems);
    // Every readable document joins the chain, rejected ones too (spec 8.3).
    if (!chain.has(icv, hash)) this.state.addChainEntry(serial, entry);
  }

  private passStep(csid: CsidRecord, doc: InvoiceDocument): void {
    const step = stepOf(doc.typeCode ?? '', doc.typeName ?? '');
    if (!step || csid.compliancePassed.includes(step)) return;
    this.state.updateCsid(csid.requestId, (r) => r.compliancePassed.push(step));
  }

  private answer(
    endpoint: InvoiceEndpoint,
    standard: boolean,
    verdicts: Verdicts,
    clearedXml?: string,
  ): SimulatorAnswer {
    const ok = verdicts.errors.length === 0;
    const status = !ok ? 400 : verdicts.warnings.length > 0 ? 202 : 200;
    const results = validationResults(verdicts.info, verdicts.warnings, verdicts.errors);
    const clearance = endpoint === 'clearance' || (endpoint === 'compliance' && standard);
    const body: Record<string, unknown> = {
      validationResults: results,
      reportingStatus: clearance ? null : ok ? 'REPORTED' : 'NOT_REPORTED',
      clearanceStatus: clearance ? (ok ? 'CLEARED' : 'NOT_CLEARED') : null,
    };
    if (endpoint === 'clearance')
      body.clearedInvoice = clearedXml ? Buffer.from(clearedXml, 'utf8').toString('base64') : null;
    if (endpoint !== 'clearance') {
      body.qrSellertStatus = null;
      body.qrBuyertStatus = null;
    }
    return { status, body };
  }
}

function duplicateAnswer(endpoint: InvoiceEndpoint, earlierBody: unknown): SimulatorAnswer {
  if (endpoint === 'clearance') return { status: 208, body: earlierBody };
  const duplicate = {
    code: 'Invoice-Errors',
    category: 'Duplicate-Invoice',
    message: 'Invoice was already Reported successfully earlier.',
  };
  return {
    status: 409,
    body: {
      validationResults: validationResults([], [], [duplicate]),
      reportingStatus: 'NOT_REPORTED',
      clearanceStatus: null,
      qrSellertStatus: null,
      qrBuyertStatus: null,
    },
  };
}

function readSubmission(body: unknown): InvoiceSubmission | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { invoiceHash: h, uuid, invoice } = body as Record<string, unknown>;
  return typeof h === 'string' &&
    typeof uuid === 'string' &&
    typeof invoice === 'string' &&
    invoice.length > 0
    ? { invoiceHash: h, uuid, invoice }
    : undefined;
}

function requestError(message: string): Message {
  return { code: 'Invalid-Request', category: 'REQUEST_ERRORS', message };
}

function merge(into: Verdicts, from: Verdicts): void {
  into.info.push(...from.info);
  into.warnings.push(...from.warnings);
  into.errors.push(...from.errors);
}
