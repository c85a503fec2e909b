import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail.service';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/app-config.module';
import { CertificateStore } from '../certificates/certificate-store';
import { EgsUnitEntity } from '../entities/egs-unit.entity';
import { AlertWebhook } from './alert-webhook';
import type { ExpiryAlert } from './expiry-alert';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every day, each onboarded unit's production certificate: from RENEWAL_LEAD_DAYS before its
 * expiry, an alert (log, audit entry, webhook) every day until it is renewed, so a certificate
 * never expires silently.
 */
@Injectable()
export class RenewalMonitor {
  private readonly logger = new Logger('RenewalMonitor');

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly certificates: CertificateStore,
    private readonly audit: AuditTrail,
    private readonly webhook: AlertWebhook,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_7AM, {
    name: 'egs-certificate-expiry',
    timeZone: 'Asia/Riyadh',
  })
  async daily(): Promise<void> {
    try {
      await this.checkAll();
    } catch (err) {
      this.logger.error(`certificate expiry check failed: ${(err as Error).message}`);
    }
  }

  /** Checks every unit now; returns the alerts raised. */
  async checkAll(now: Date = new Date()): Promise<ExpiryAlert[]> {
    const units = await this.dataSource
      .getRepository(EgsUnitEntity)
      .findBy({ onboardingState: 'onboarded' });
    const alerts: ExpiryAlert[] = [];
    for (const unit of units) {
      const cert = await this.certificates.activeProduction(unit.id);
      if (!cert) continue;
      const daysLeft = Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
      if (daysLeft > this.config.renewal.leadDays) continue;
      const expired = cert.notAfter.getTime() <= now.getTime();
      const alert: ExpiryAlert = {
        unitId: unit.id,
        unitName: unit.name,
        companyId: unit.companyId,
        environment: unit.environment,
        serialNumber: cert.serialNumber,
        notAfter: cert.notAfter.toISOString(),
        daysLeft,
        expired,
        action: `get an OTP from the Fatoora portal and run \`zatca egs renew ${unit.name} --otp <OTP>\``,
      };
      await this.raise(alert);
      alerts.push(alert);
    }
    return alerts;
  }

  private async raise(alert: ExpiryAlert): Promise<void> {
    const message = alert.expired
      ? `EGS unit ${alert.unitName}: production certificate EXPIRED on ${alert.notAfter}; the unit cannot sign: ${alert.action}`
      : `EGS unit ${alert.unitName}: production certificate expires on ${alert.notAfter} (${alert.daysLeft} days left): ${alert.action}`;
    this.logger.warn({ unitId: alert.unitId, daysLeft: alert.daysLeft }, message);
    await this.audit.append({
      stream: `egs:${alert.unitId}`,
      action: alert.expired ? 'egs.certificate.expired' : 'egs.certificate.expiring',
      actor: 'job:certificate-expiry',
      subjectType: 'egs-unit',
      subjectId: alert.unitId,
      data: { ...alert },
    });
    await this.webhook.send(alert);
  }
}
