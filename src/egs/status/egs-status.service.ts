import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/app-config.module';
import { CertificateStore } from '../certificates/certificate-store';
import type { EgsUnitEntity } from '../entities/egs-unit.entity';
import { UnitFatoora } from '../fatoora/unit-fatoora';
import { StepRecorder } from '../steps/step-recorder';
import { familiesOf } from '../units/unit-input';
import { UnitService } from '../units/unit.service';
import {
  UNIT_ACTIVITY_READER,
  type UnitActivity,
  type UnitActivityReader,
} from './unit-activity-reader';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface UnitStatus {
  unitId: string;
  name: string;
  companyId: string;
  environment: string;
  fatooraBaseUrl: string;
  invoiceTypes: string[];
  onboardingState: string;
  certificate: {
    serialNumber: string;
    notBefore: string;
    notAfter: string;
    /** Whole days left, rounded down; negative once expired. */
    daysLeft: number;
    expired: boolean;
    /** Within RENEWAL_LEAD_DAYS of expiry (or expired). */
    renewalDue: boolean;
  } | null;
  /** null when the invoice pipeline does not report activity (shown as "—"). */
  lastInvoiceCounter: number | null;
  lastSubmission: UnitActivity['lastSubmission'];
  lastStep: {
    flow: string;
    step: string;
    outcome: string;
    at: string;
    detail: string | null;
  } | null;
}

/** The per-unit status view (API and `zatca egs status`). */
@Injectable()
export class EgsStatusService {
  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly units: UnitService,
    private readonly certificates: CertificateStore,
    private readonly steps: StepRecorder,
    private readonly fatoora: UnitFatoora,
    @Optional() @Inject(UNIT_ACTIVITY_READER) private readonly activity?: UnitActivityReader,
  ) {}

  async all(now = new Date()): Promise<UnitStatus[]> {
    const units = await this.units.list();
    return Promise.all(units.map((unit) => this.of(unit, now)));
  }

  async one(unitRef: string, now = new Date()): Promise<UnitStatus> {
    return this.of(await this.units.find(unitRef), now);
  }

  private async of(unit: EgsUnitEntity, now: Date): Promise<UnitStatus> {
    const cert = await this.certificates.activeProduction(unit.id);
    const history = await this.steps.history(unit.id);
    const last = history.at(-1);
    const activity = this.activity ? await this.activity.activity(unit.id) : null;
    const daysLeft = cert ? Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS) : 0;
    return {
      unitId: unit.id,
      name: unit.name,
      companyId: unit.companyId,
      environment: unit.environment,
      fatooraBaseUrl: this.fatoora.endpoint(unit).baseUrl,
      invoiceTypes: familiesOf(unit.invoiceTypes),
      onboardingState: unit.onboardingState,
      certificate: cert
        ? {
            serialNumber: cert.serialNumber,
            notBefore: cert.notBefore.toISOString(),
            notAfter: cert.notAfter.toISOString(),
            daysLeft,
            expired: cert.notAfter.getTime() < now.getTime(),
            renewalDue: daysLeft <= this.config.renewal.leadDays,
          }
        : null,
      lastInvoiceCounter: activity?.lastInvoiceCounter ?? null,
      lastSubmission: activity?.lastSubmission ?? null,
      lastStep: last
        ? {
            flow: last.flow,
            step: last.step,
            outcome: last.outcome,
            at: last.at.toISOString(),
            detail: last.detail,
          }
        : null,
    };
  }
}
