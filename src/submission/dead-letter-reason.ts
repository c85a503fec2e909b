/**
 * Why an invoice is in the dead-letter state: a small fixed set, so operators and alerts can
 * act on it. Everything else is retried.
 * - rejected: ZATCA refused the document (400); it stays in the chain, a corrected document
 *   (new UUID, new ICV) must reference it.
 * - unauthorized: ZATCA refused the CSID credentials (401); renew or re-onboard, then replay.
 * - certificate-expired: the unit's production certificate is no longer valid.
 * - unit-unavailable: the unit is unknown or not onboarded any more.
 * - unexpected-response: answers this client does not understand, several times over.
 */
export const DEAD_LETTER_REASONS = [
  'rejected',
  'unauthorized',
  'certificate-expired',
  'unit-unavailable',
  'unexpected-response',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];
