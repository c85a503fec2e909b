import { parseInstant, RIYADH_OFFSET_MS, toSaudiDateTime } from '../time/saudi-time';
import { finding, type RuleText } from './rule-finding';
import type { RuleFamily, RulesContext } from './rules-context';

const BR_KSA_04: RuleText = {
  stage: 'ksa',
  code: 'BR-KSA-04',
  severity: 'error',
  message: 'The document issue date (BT-2) must be less or equal to the current date.',
};

const BR_KSA_98: RuleText = {
  stage: 'ksa',
  code: 'BR-KSA-98',
  severity: 'warning',
  message: 'The simplified invoice should be submitted within 24 hours of issuing the invoice.',
};

const DAY_MS = 86_400_000;

/** current-date(): today's date in the implicit time zone. */
function currentDate(ctx: RulesContext): string {
  return new Date(ctx.nowMs + ctx.implicitTimezoneMinutes * 60_000).toISOString().slice(0, 10);
}

/**
 * BR-KSA-04's context is every cbc:IssueDate: the document's, each billing reference's and
 * each prepayment line's. A date after current-date() fails (dates compare in the implicit
 * zone, so plain string order of YYYY-MM-DD is the XPath order).
 */
export const checkIssueDates: RuleFamily = (ctx, out) => {
  const today = currentDate(ctx);
  const inv = ctx.invoice;
  if (toSaudiDateTime(inv.issuedAt).date > today) out.push(finding(BR_KSA_04, 'issuedAt'));
  inv.billingReferences.forEach((ref, i) => {
    if (ref.issueDate !== undefined && ref.issueDate > today) {
      out.push(finding(BR_KSA_04, `billingReferences[${i}].issueDate`));
    }
  });
  inv.prepayments.forEach((p, i) => {
    if (toSaudiDateTime(p.issuedAt).date > today) {
      out.push(finding(BR_KSA_04, `prepayments[${i}].issuedAt`));
    }
  });
};

/**
 * BR-KSA-98: a simplified document whose IssueDate+IssueTime is more than one day (strictly)
 * before current-dateTime(). The schematron reads the zone-less wall-clock time in the
 * implicit zone, so the instant it compares is Saudi time minus that zone.
 */
export const checkReportingDelay: RuleFamily = (ctx, out) => {
  if (ctx.invoice.subtype !== 'simplified') return;
  const issuedAsRead =
    parseInstant(ctx.invoice.issuedAt) + RIYADH_OFFSET_MS - ctx.implicitTimezoneMinutes * 60_000;
  if (ctx.nowMs - issuedAsRead > DAY_MS) out.push(finding(BR_KSA_98, 'issuedAt'));
};
