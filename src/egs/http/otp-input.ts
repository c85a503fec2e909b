import { z } from 'zod';

/** Body of onboard and renew: the OTP from the Fatoora portal (not needed to resume some steps). */
export const OtpInputSchema = z.strictObject({
  otp: z
    .string()
    .regex(/^[0-9]{6}$/, { error: 'must be the 6-digit OTP from the Fatoora portal' })
    .optional(),
});
