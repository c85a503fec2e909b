import type { z } from 'zod';
import { CanonicalInvoiceSchema, type CanonicalInvoice } from './invoice';

export interface ModelIssue {
  /** JSON path of the offending field, e.g. lines[2].taxCategory.exemptionReasonCode */
  path: string;
  message: string;
}

/** The canonical invoice JSON is invalid; `issues` names every offending field. */
export class InvoiceModelError extends Error {
  constructor(readonly issues: ModelIssue[]) {
    super(
      `invalid canonical invoice:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
    );
    this.name = 'InvoiceModelError';
  }
}

/** Validates ERP input against the canonical model; throws InvoiceModelError on any problem. */
export function parseCanonicalInvoice(input: unknown): CanonicalInvoice {
  const result = CanonicalInvoiceSchema.safeParse(input);
  if (result.success) return result.data;
  throw new InvoiceModelError(result.error.issues.map(toModelIssue));
}

function toModelIssue(issue: z.core.$ZodIssue): ModelIssue {
  return { path: formatPath(issue.path), message: issue.message };
}

/** ['lines', 2, 'taxCategory'] -> "lines[2].taxCategory"; [] -> "(document)". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(document)' : out;
}
