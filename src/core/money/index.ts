export { Dec, ZERO, HUNDRED, roundMoney, formatMoney, sum, percentOf } from './decimal';
export { UNSIGNED_DECIMAL, MONEY, SIGNED_MONEY, PERCENT } from './decimal-string';
