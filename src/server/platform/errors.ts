/**
 * The one error vocabulary. Domain code throws `AppError` with a stable code; the HTTP layer
 * (`http/error-handler.ts`) maps codes to status codes and translated messages. Nothing here knows
 * about HTTP.
 */
export const ERROR_CODES = [
  'bad_request',
  'malformed_json',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'route_not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'service_unavailable',
  'internal_error',
  'consent_required',
  'invalid_credentials',
  'email_not_verified',
  'token_invalid',
  'local_accounts_disabled',
  'wikimedia_not_configured',
  'last_admin',
  'last_manager',
  'request_limit',
  'message_limit',
  'request_declined',
  'request_pending',
  'member_blocked',
  'invitation_limit',
  'no_managers',
  'already_reported',
  'report_claimed',
  'report_decided',
  'own_report',
  'appeal_closed',
  'account_suspended',
  'account_banned',
  'verification_required',
  'member_suspended',
  'wrong_origin',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A problem with one input field; `message` is filled in, translated, by the HTTP layer. */
export interface FieldProblem {
  readonly field: string;
  readonly code: string;
  readonly params?: readonly string[];
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: readonly FieldProblem[] = [],
    /** Parameters ($1, $2...) of the translated message `cxc-error-<code>`. */
    readonly messageParams: readonly string[] = [],
    /** For `rate_limited`: when the client may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export function notFound(): AppError {
  return new AppError('not_found');
}

export function validationFailed(details: readonly FieldProblem[]): AppError {
  return new AppError('validation_failed', details);
}

export function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', [], [], retryAfterSeconds);
}
