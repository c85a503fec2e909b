/**
 * Decimal numbers travel through JSON as strings ("12.50"), never as JSON numbers, so no
 * binary float ever touches money. These patterns define what a valid string is.
 */

/** Unsigned decimal: digits, optional fraction. No sign, exponent, spaces or thousands separators. */
export const UNSIGNED_DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
/** Money: unsigned, at most 2 decimals (BR-DEC-*, BR-KSA-DEC-*). */
export const MONEY = /^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/;
/** Signed money, for the only amount that may be negative: payable rounding (BT-114). */
export const SIGNED_MONEY = /^-?(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/;
/** Percentages: 0-100 with at most 2 decimals (BR-KSA-DEC-01/02). */
export const PERCENT = /^(0|[1-9][0-9]?|100)(\.[0-9]{1,2})?$/;
