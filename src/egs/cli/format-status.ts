import type { UnitStatus } from '../status/egs-status.service';

const DASH = '—';

/** `zatca egs status` as text: one block per unit. */
export function formatStatus(status: UnitStatus): string {
  const cert = status.certificate;
  const lines = [
    `${status.name} (${status.unitId})`,
    `  environment:        ${status.environment} (${status.fatooraBaseUrl})`,
    `  invoice types:      ${status.invoiceTypes.join(', ')}`,
    `  onboarding:         ${status.onboardingState}`,
    `  certificate:        ${cert ? `serial ${cert.serialNumber}` : DASH}`,
    `  valid from:         ${cert?.notBefore ?? DASH}`,
    `  valid until:        ${cert?.notAfter ?? DASH}`,
    `  days left:          ${cert ? `${cert.daysLeft}${cert.expired ? ' (EXPIRED: signing stopped, renew now)' : cert.renewalDue ? ' (renew now)' : ''}` : DASH}`,
    `  last invoice (ICV): ${status.lastInvoiceCounter ?? DASH}`,
    `  last submission:    ${status.lastSubmission ? `${status.lastSubmission.result} at ${status.lastSubmission.at}` : DASH}`,
  ];
  if (status.lastStep) {
    const s = status.lastStep;
    lines.push(
      `  last step:          ${s.flow} ${s.step} ${s.outcome} at ${s.at}${s.outcome === 'failed' && s.detail ? `: ${s.detail}` : ''}`,
    );
  }
  return lines.join('\n');
}
