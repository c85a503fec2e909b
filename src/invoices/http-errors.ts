import { HttpException, HttpStatus } from '@nestjs/common';
import { IntakeConflictError, InvalidInvoiceError } from './intake-errors';

/** Intake errors as HTTP answers that name every field: 422 invalid, 409 cannot take it now. */
export function asHttpError(err: unknown): unknown {
  if (err instanceof InvalidInvoiceError) {
    return new HttpException(
      {
        statusCode: 422,
        message: 'invalid invoice: nothing was signed or queued',
        errors: err.errors,
      },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
  if (err instanceof IntakeConflictError) {
    return new HttpException(
      { statusCode: 409, message: err.message, errors: err.errors },
      HttpStatus.CONFLICT,
    );
  }
  return err;
}
