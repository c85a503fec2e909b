import { Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/app-config.module';
import type { ExpiryAlert } from './expiry-alert';

const TIMEOUT_MS = 10_000;

/** POSTs expiry alerts to RENEWAL_ALERT_WEBHOOK_URL, when set. Failures are logged, not thrown. */
@Injectable()
export class AlertWebhook {
  private readonly logger = new Logger('RenewalMonitor');

  constructor(@InjectAppConfig() private readonly config: AppConfig) {}

  async send(alert: ExpiryAlert): Promise<boolean> {
    const url = this.config.renewal.alertWebhookUrl;
    if (!url) return false;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'egs.certificate.expiring', ...alert }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) {
        this.logger.warn(
          `renewal alert webhook answered HTTP ${response.status} for unit ${alert.unitName}`,
        );
        return false;
      }
      return true;
    } catch (err) {
      this.logger.warn(
        `renewal alert webhook failed for unit ${alert.unitName}: ${(err as Error).message}`,
      );
      return false;
    }
  }
}
