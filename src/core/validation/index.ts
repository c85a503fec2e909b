// Public API of the validation library: ZATCA's SDK stages over a UBL document.
export { validateDocument, type ValidateOptions } from './validate-document';
export { registerStage, unregisterStage, stageRunner, type StageRunner } from './stage-registry';
export type { ValidationContext } from './validation-context';
export {
  STAGES,
  stageResult,
  skippedStage,
  type Finding,
  type Severity,
  type StageName,
  type StageResult,
} from './stage-result';
export { loadRulesSet, resolveRulesDir, DEFAULT_RULES_FOLDER, type RulesSet } from './rules-set';
export { InvalidInputError } from './invalid-input-error';
export { readExpectedPih } from './expected-pih';
export { findingKey } from './finding-key';
