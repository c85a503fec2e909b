import type { ValidationMessage, ValidationResults } from '../../fatoora/wire-types';

/** What a simulator endpoint answers: status, JSON body, extra headers. */
export interface SimulatorAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Message {
  code: string;
  category: string;
  message: string;
}

/** CSID-call errors: a list of {code, message} (spec 6.3 "CSID errors (400)"). */
export function csidError(status: number, code: string, message: string): SimulatorAnswer {
  return { status, body: { errors: [{ code, message }] } };
}

export function unauthorized(message = 'Unauthorized'): SimulatorAnswer {
  return { status: 401, body: { code: 'Unauthorized', message } };
}

const entry =
  (type: ValidationMessage['type'], status: string) =>
  (m: Message): ValidationMessage => ({
    type,
    code: m.code,
    category: m.category,
    message: m.message,
    status,
  });

/** The validationResults block of invoice answers (spec 6.3). */
export function validationResults(
  info: Message[],
  warnings: Message[],
  errors: Message[],
): ValidationResults {
  return {
    infoMessages: info.map(entry('INFO', 'PASS')),
    warningMessages: warnings.map(entry('WARNING', 'WARNING')),
    errorMessages: errors.map(entry('ERROR', 'ERROR')),
    status: errors.length > 0 ? 'ERROR' : warnings.length > 0 ? 'WARNING' : 'PASS',
  };
}
