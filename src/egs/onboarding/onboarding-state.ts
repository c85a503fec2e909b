/**
 * Where a unit's onboarding stands (persisted on the unit). A rerun starts from the state:
 * new → key-generated → csr-created → compliance-csid-issued → compliance-checks-passed →
 * onboarded (production CSID issued). Renewal keeps `onboarded` and tracks its own certificates.
 */
export const ONBOARDING_STATES = [
  'new',
  'key-generated',
  'csr-created',
  'compliance-csid-issued',
  'compliance-checks-passed',
  'onboarded',
] as const;
export type OnboardingState = (typeof ONBOARDING_STATES)[number];

export type EgsFlow = 'onboarding' | 'renewal';

/** The recorded steps, by name; a failure names one of them. */
export type EgsStepName =
  | 'key-generated'
  | 'csr-created'
  | 'compliance-csid'
  | 'compliance-check'
  | 'production-csid'
  | 'renewal-request'
  | 'certificate-swapped';
