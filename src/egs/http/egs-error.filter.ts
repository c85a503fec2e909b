import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { SealedSecretError } from '../../secrets/key-vault';
import { MasterKeyError } from '../../secrets/master-key';
import { EgsCannotSignError } from '../egs-signing-context';
import {
  EgsConflictError,
  EgsInputError,
  EgsNotFoundError,
  EgsStepFailedError,
} from '../egs-errors';

type EgsError =
  | EgsInputError
  | EgsNotFoundError
  | EgsConflictError
  | EgsStepFailedError
  | EgsCannotSignError
  | SealedSecretError
  | MasterKeyError;

/** The module's errors as HTTP answers that say what is wrong and what to do. */
@Catch(
  EgsInputError,
  EgsNotFoundError,
  EgsConflictError,
  EgsStepFailedError,
  EgsCannotSignError,
  SealedSecretError,
  MasterKeyError,
)
export class EgsErrorFilter implements ExceptionFilter<EgsError> {
  catch(error: EgsError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = answer(error);
    response.status(status).json({ statusCode: status, message: error.message, ...body });
  }
}

function answer(error: EgsError): [number, Record<string, unknown>] {
  if (error instanceof EgsInputError) {
    return [HttpStatus.BAD_REQUEST, { error: 'Bad Request', problems: error.problems }];
  }
  if (error instanceof EgsNotFoundError) return [HttpStatus.NOT_FOUND, { error: 'Not Found' }];
  if (error instanceof EgsConflictError) return [HttpStatus.CONFLICT, { error: 'Conflict' }];
  if (error instanceof EgsCannotSignError) {
    return [HttpStatus.CONFLICT, { error: 'Conflict', reason: error.reason }];
  }
  if (error instanceof EgsStepFailedError) {
    return [
      HttpStatus.UNPROCESSABLE_ENTITY,
      {
        error: 'Step Failed',
        step: error.step,
        zatcaMessages: error.zatcaMessages,
        hint: error.hint,
      },
    ];
  }
  // Key material problems: the configuration, not the request, must change.
  return [HttpStatus.INTERNAL_SERVER_ERROR, { error: 'Key Vault Error' }];
}
