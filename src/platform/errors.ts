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

/** Values a message for people is filled with: line numbers, counts, times. Never a personal value. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * What people are told, as a key of the interface texts and its parameters: the page renders
 * it in the reader's language, so no English developer message reaches a Norwegian page.
 */
export interface UserMessage {
  readonly key: string;
  readonly params?: MessageParams;
}

export interface ErrorDetail extends Partial<UserMessage> {
  /** Where the problem is: a field name, a line number, a row. Never a personal value. */
  readonly at?: string;
  /** For logs and the command line (English); people read `key` with `params`. */
  readonly message: string;
}

/** One thing a reader refused: where and why for logs and the command line, and the same for people. */
export interface Refusal extends UserMessage {
  readonly at: string;
  readonly reason: string;
  readonly params: MessageParams;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[];
  /** What people are told, if more than the code's general text; `message` stays for logs. */
  readonly userMessage: UserMessage | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: readonly ErrorDetail[] = [],
    options?: ErrorOptions & { userMessage?: UserMessage },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.userMessage = options?.userMessage;
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
