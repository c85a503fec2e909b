import { randomInt } from 'node:crypto';
import type { FatooraEnvironment } from '../../fatoora/environments';
import type { SimulatorOptions } from '../simulator-options';
import { sha256Hex, type SimulatorState } from '../state/simulator-state';
import type { OtpPurpose } from '../state/state-types';

export type OtpVerdict =
  { ok: true } | { ok: false; reason: 'invalid' | 'expired' | 'vat-mismatch' };

/**
 * OTPs for onboarding (POST /compliance) and renewal (PATCH /production/csids). In 'fixed'
 * mode the sandbox's constants work (spec 6.1: 123345; 123456 for renewal); in 'one-time' mode
 * only OTPs minted here work, once, before they expire, optionally for one VAT number.
 */
export class OtpService {
  constructor(
    private readonly options: SimulatorOptions,
    private readonly state: SimulatorState,
  ) {}

  mint(
    purpose: OtpPurpose,
    environment: FatooraEnvironment,
    vatNumber?: string,
  ): { otp: string; expiresAt: string } {
    const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(this.options.now().getTime() + this.options.otpTtlMs).toISOString();
    this.state.addOtp({
      otpHash: sha256Hex(otp),
      purpose,
      environment,
      vatNumber,
      expiresAt,
      used: false,
    });
    return { otp, expiresAt };
  }

  /** Checks and, for a one-time OTP, consumes it. */
  consume(
    otp: string | undefined,
    purpose: OtpPurpose,
    environment: FatooraEnvironment,
    vatNumber: string,
  ): OtpVerdict {
    if (!otp) return { ok: false, reason: 'invalid' };
    if (this.options.otpMode === 'fixed') {
      const expected =
        purpose === 'onboarding' ? this.options.onboardingOtp : this.options.renewalOtp;
      return otp === expected ? { ok: true } : { ok: false, reason: 'invalid' };
    }
    const record = this.state.findOtp(sha256Hex(otp));
    if (
      !record ||
      record.used ||
      record.purpose !== purpose ||
      record.environment !== environment
    ) {
      return { ok: false, reason: 'invalid' };
    }
    if (new Date(record.expiresAt) <= this.options.now()) return { ok: false, reason: 'expired' };
    if (record.vatNumber && record.vatNumber !== vatNumber)
      return { ok: false, reason: 'vat-mismatch' };
    this.state.markOtpUsed(record);
    return { ok: true };
  }
}
