import { Inject, Injectable } from '@nestjs/common';
import { parseCertificate } from '../../core/crypto/certificate';
import { INITIAL_PIH } from '../../core/ubl/chain-values';
import { issueInvoice } from '../../core/issue';
import { assertKeyMatchesCertificate, requestBodyOf } from '../../core/signing';
import type { FatooraClient } from '../../fatoora/fatoora-client';
import type { FatooraMessage, FatooraResult } from '../../fatoora/fatoora-result';
import type { InvoiceSubmission } from '../../fatoora/wire-types';
import type { CompanyEntity } from '../entities/company.entity';
import type { EgsCertificateEntity } from '../entities/egs-certificate.entity';
import type { EgsUnitEntity } from '../entities/egs-unit.entity';
import { EgsStepFailedError } from '../egs-errors';
import { CertificateStore } from '../certificates/certificate-store';
import { EGS_KEY_STORE, type EgsKeyStore } from '../keys/egs-key-store';
import type { EgsFlow } from '../onboarding/onboarding-state';
import { StepRecorder } from '../steps/step-recorder';
import { sampleDocument, sampleTypesFor, type SampleType } from './sample-documents';
import { failureSummary, messagesOf } from '../onboarding/zatca-answers';

/**
 * Runs ZATCA's compliance checks for a compliance CSID: renders and signs a sample of every
 * document type the unit declares with that CSID's key and certificate, submits each one not
 * yet passed, and records the outcome per type. The samples are not part of the unit's chain
 * (spec 8.3): they chain among themselves from the initial PIH.
 */
@Injectable()
export class ComplianceChecks {
  constructor(
    @Inject(EGS_KEY_STORE) private readonly keys: EgsKeyStore,
    private readonly certificates: CertificateStore,
    private readonly steps: StepRecorder,
  ) {}

  async run(
    client: FatooraClient,
    unit: EgsUnitEntity,
    company: CompanyEntity,
    compliance: EgsCertificateEntity,
    flow: EgsFlow,
    actor: string,
  ): Promise<void> {
    const passed = await this.steps.passedChecks(compliance.id);
    const samples = await this.samples(unit, company, compliance);
    const csid = this.certificates.credentials(compliance);
    for (const { type, submission } of samples) {
      if (passed.has(type)) continue;
      const result = await client.checkCompliance(csid, submission);
      const ok = result.kind === 'accepted';
      const messages = ok ? result.warnings : messagesOf(result);
      await this.steps.record(
        {
          unitId: unit.id,
          flow,
          step: 'compliance-check',
          outcome: ok ? 'passed' : 'failed',
          certificateId: compliance.id,
          documentType: type,
          messages,
          detail: ok
            ? `${result.kind} (${result.outcome}${result.warnings.length ? ', with warnings' : ''})`
            : failureSummary(result),
        },
        actor,
      );
      if (!ok) throw checkFailed(unit.id, type, result, messages);
    }
  }

  /** Every sample, chained ICV 1..n from the initial PIH, signed with the compliance CSID. */
  private async samples(
    unit: EgsUnitEntity,
    company: CompanyEntity,
    compliance: EgsCertificateEntity,
  ): Promise<Array<{ type: SampleType; submission: InvoiceSubmission }>> {
    const signer = await this.keys.signer(compliance.keyId);
    const credentials = { signer, certificate: parseCertificate(compliance.certificateBase64) };
    assertKeyMatchesCertificate(credentials);
    const now = new Date();
    let pih = INITIAL_PIH;
    return sampleTypesFor(unit.invoiceTypes).map((type, index) => {
      const issued = issueInvoice(sampleDocument(type, company, now), {
        icv: index + 1,
        pih,
        credentials,
        signingTime: now,
      });
      pih = issued.signed.invoiceHash;
      return { type, submission: requestBodyOf(issued.signed) };
    });
  }
}

function checkFailed(
  unitId: string,
  type: SampleType,
  result: FatooraResult,
  messages: readonly FatooraMessage[],
): EgsStepFailedError {
  const hint =
    result.kind === 'rejected'
      ? `ZATCA refused the ${type} sample: check the company's data (VAT number, address, ` +
        'names) named in the messages, fix it, and run the command again; checks already passed are kept'
      : 'ZATCA could not be reached or did not answer; run the command again later (checks already passed are kept)';
  return new EgsStepFailedError(
    unitId,
    'compliance-check',
    messages,
    hint,
    `${type} sample: ${failureSummary(result)}`,
  );
}
