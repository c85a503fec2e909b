/** What the invoice pipeline knows of a unit's recent work, for the status view. */
export interface UnitActivity {
  /** The ICV of the last document the unit's chain generated; null before the first. */
  lastInvoiceCounter: number | null;
  lastSubmission: {
    /** cleared, reported, rejected, ... as the pipeline names it. */
    result: string;
    at: string;
    invoiceId?: string;
  } | null;
}

/**
 * Implemented by the invoice pipeline, which owns the chain tables. Provide it under
 * UNIT_ACTIVITY_READER from a @Global() module; without it the status view shows "—".
 */
export interface UnitActivityReader {
  activity(unitId: string): Promise<UnitActivity>;
}

export const UNIT_ACTIVITY_READER = Symbol('UNIT_ACTIVITY_READER');
