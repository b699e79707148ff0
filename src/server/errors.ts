import { errorCatalog, type ErrorBody, type ErrorCode } from '../shared/errors';

/** The one error type of the application: a code from the catalogue, a Chinese message, maybe a field. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field?: string;
  /** A follow-up the client can act on (e.g. an existing record's id); never personal data. */
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
    const field = this.field ? { field: this.field } : {};
    const details =
      this.details && typeof this.details === 'object'
        ? { details: this.details as Record<string, unknown> }
        : {};
    return { error: { code: this.code, message: this.message, ...field, ...details } };
  }
}

export const notFound = (code: ErrorCode = 'NOT_FOUND', message?: string) => new AppError(code, message);
