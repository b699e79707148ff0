import { errorCatalog, type ErrorBody, type ErrorCode } from '../shared/errors';

/** The one error type of the application: a code from the catalogue, a Chinese message, maybe a field. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field?: string;
  readonly details?: unknown;

  constructor(code: ErrorCode, message?: string, options: { field?: string; details?: unknown } = {}) {
    super(message ?? errorCatalog[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.field = options.field;
    this.details = options.details;
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) },
    };
  }
}

export const notFound = (code: ErrorCode = 'NOT_FOUND', message?: string) => new AppError(code, message);
