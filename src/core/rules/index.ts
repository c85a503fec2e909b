// Public API of the hot-path business rules (see README.md for what is checked where).
export { checkBusinessRules } from './check-business-rules';
export type { BusinessRuleOptions } from './rules-context';
export type { RuleFinding } from './rule-finding';
