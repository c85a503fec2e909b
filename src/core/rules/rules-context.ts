import type { CanonicalInvoice } from '../model/invoice';
import type { InvoiceTotals } from '../totals/compute-totals';
import type { RuleFinding } from './rule-finding';

export interface BusinessRuleOptions {
  /** "Now" for the clock-dependent rules (BR-KSA-04, BR-KSA-98); default: the current time. */
  now?: Date;
  /**
   * The XPath implicit time zone in minutes east of UTC, which the schematron applies to
   * IssueDate/IssueTime (they carry no zone). Default: the host's, as SaxonJS takes it.
   */
  implicitTimezoneMinutes?: number;
}

/** What every rule family gets: the parsed invoice, its totals, the clock. */
export interface RulesContext {
  invoice: CanonicalInvoice;
  totals: InvoiceTotals;
  nowMs: number;
  implicitTimezoneMinutes: number;
}

/** One family of rules: appends its findings. */
export type RuleFamily = (ctx: RulesContext, out: RuleFinding[]) => void;
