/**
 * Input the validator cannot work on at all (a missing file, text that is not XML, a broken
 * rules folder). Its message is one line meant for the user, so callers print it without a stack.
 */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}
