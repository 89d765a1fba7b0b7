/**
 * The one error type. Services throw it with a stable code; the HTTP edge and the CLI map
 * codes to status codes and exit codes in one place each. Messages must never carry
 * personal data: they end up in logs and in front of other people.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'data_dir_locked'
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'consent_required'
  | 'processing_restricted'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_format'
  | 'crypto_failure'
  /** An outside service (a bank, Elhub) kept failing or could not be reached. */
  | 'upstream_unavailable'
  /** An outside service answered outside its protocol. */
  | 'upstream_invalid'
  | 'internal';

export interface ErrorDetail {
  /** Where the problem is: a field name, a line number, a row. Never a personal value. */
  readonly at?: string;
  readonly message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[];

  constructor(
    code: ErrorCode,
    message: string,
    details: readonly ErrorDetail[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

const httpStatusByCode: Record<ErrorCode, number> = {
  config_invalid: 500,
  data_dir_locked: 503,
  validation_failed: 400,
  not_found: 404,
  conflict: 409,
  unauthenticated: 401,
  forbidden: 403,
  consent_required: 403,
  processing_restricted: 403,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_format: 415,
  crypto_failure: 500,
  upstream_unavailable: 503,
  upstream_invalid: 502,
  internal: 500,
};

export const httpStatusOf = (code: ErrorCode): number => httpStatusByCode[code];
