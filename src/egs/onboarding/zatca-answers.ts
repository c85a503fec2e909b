import type { CsidResult, FatooraMessage, FatooraResult } from '../../fatoora/fatoora-result';

/** ZATCA's own messages from an answer; a transport failure becomes one message naming it. */
export function messagesOf(result: FatooraResult | CsidResult): FatooraMessage[] {
  switch (result.kind) {
    case 'rejected':
      return 'warnings' in result ? [...result.errors, ...result.warnings] : result.errors;
    case 'accepted':
      return result.warnings;
    case 'issued':
    case 'compliance-required':
    case 'duplicate':
      return [];
    default:
      return [{ code: result.kind, category: 'transport', message: result.message }];
  }
}

/** One line: what the answer was. */
export function failureSummary(result: FatooraResult | CsidResult): string {
  if (result.kind === 'rejected') {
    return `rejected (HTTP ${result.status})`;
  }
  if ('message' in result) return `${result.kind}: ${result.message}`;
  return `unexpected answer ${result.kind} (HTTP ${result.status})`;
}

/** What to do after a CSID call failed, from ZATCA's error codes. */
export function csidHint(
  result: CsidResult,
  command: { verb: 'onboard' | 'renew'; unit: string },
): string {
  const rerun = `zatca egs ${command.verb} ${command.unit} --otp <new OTP>`;
  const codes = result.kind === 'rejected' ? result.errors.map((e) => e.code.toLowerCase()) : [];
  if (codes.some((c) => c.includes('expired-otp'))) {
    return `The OTP has expired (ZATCA's OTPs are valid for one hour): generate a new one in the Fatoora portal and run \`${rerun}\``;
  }
  if (codes.some((c) => c.includes('otp'))) {
    return `The OTP is wrong or was already used: generate a new one in the Fatoora portal (for this VAT number and environment) and run \`${rerun}\``;
  }
  if (codes.some((c) => c.includes('csr'))) {
    return 'ZATCA refused the CSR: correct the unit or company field named in the message, then run the command again (a new CSR is made; a CSR ZATCA has seen is never reused)';
  }
  if (result.kind === 'unauthorized') {
    return 'ZATCA refused the credentials of the current CSID: check the unit environment matches where it was onboarded';
  }
  if (
    result.kind === 'transient' ||
    result.kind === 'unknown-outcome' ||
    result.kind === 'rate-limited'
  ) {
    return `ZATCA did not answer; run \`${rerun}\` again later (a new CSR is made: one ZATCA may have seen is never reused; ZATCA may have consumed the OTP)`;
  }
  return `Run \`${rerun}\` again; if it keeps failing, check the messages with \`zatca egs status ${command.unit}\``;
}
