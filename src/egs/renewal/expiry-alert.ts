/** What the renewal monitor says about a unit whose certificate is close to expiry (or past it). */
export interface ExpiryAlert {
  unitId: string;
  unitName: string;
  companyId: string;
  environment: string;
  serialNumber: string;
  notAfter: string;
  /** Whole days left, negative once expired. */
  daysLeft: number;
  expired: boolean;
  /** What to run. */
  action: string;
}
