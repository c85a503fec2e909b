/**
 * A setting is missing or wrong. The message names the variable and the rule, on one line, so the
 * CLI can print it as is (no stack trace) and the operator knows what to fix.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  /** One entry per offending variable, e.g. `PORT: expected an integer from 0 to 65535, got "x"`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('; '));
    this.problems = problems;
  }
}
