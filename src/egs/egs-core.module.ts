import { Module } from '@nestjs/common';
import { SecretsModule } from '../secrets/secrets.module';
import { CertificateStore } from './certificates/certificate-store';
import { CompanyService } from './companies/company.service';
import { ComplianceChecks } from './compliance/compliance-checks';
import { EGS_SIGNING_PROVIDER } from './egs-signing-context';
import { UnitFatoora } from './fatoora/unit-fatoora';
import { DatabaseKeyStore } from './keys/database-key-store';
import { EGS_KEY_STORE } from './keys/egs-key-store';
import { UnitKeys } from './keys/unit-keys';
import { OnboardingService } from './onboarding/onboarding.service';
import { AlertWebhook } from './renewal/alert-webhook';
import { RenewalMonitor } from './renewal/renewal-monitor';
import { RenewalService } from './renewal/renewal.service';
import { EgsSigningService } from './signing/egs-signing.service';
import { EgsStatusService } from './status/egs-status.service';
import { StepRecorder } from './steps/step-recorder';
import { UnitLocks } from './units/unit-locks';
import { UnitService } from './units/unit.service';

const services = [
  CompanyService,
  UnitService,
  UnitLocks,
  UnitKeys,
  CertificateStore,
  StepRecorder,
  UnitFatoora,
  ComplianceChecks,
  OnboardingService,
  RenewalService,
  EgsSigningService,
  EgsStatusService,
  AlertWebhook,
  RenewalMonitor,
];

/**
 * The EGS services without HTTP or schedules: what the CLI runs, and what the invoice pipeline
 * imports for EGS_SIGNING_PROVIDER. Needs the database, APP_CONFIG and the AuditModule.
 * EGS_KEY_STORE is the database key store; a KMS/HSM store replaces that one provider.
 */
@Module({
  imports: [SecretsModule],
  providers: [
    ...services,
    { provide: EGS_KEY_STORE, useClass: DatabaseKeyStore },
    { provide: EGS_SIGNING_PROVIDER, useExisting: EgsSigningService },
  ],
  exports: [...services, EGS_KEY_STORE, EGS_SIGNING_PROVIDER],
})
export class EgsCoreModule {}
