import type { z } from 'zod';
import { EgsInputError, type FieldProblem } from './egs-errors';

/** Parses `input` or throws EgsInputError naming each field (dotted path) and its rule. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems: FieldProblem[] = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
    rule: issue.code === 'unrecognized_keys' ? issue.message.toLowerCase() : issue.message,
  }));
  throw new EgsInputError(problems);
}
