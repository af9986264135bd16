import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type ErrorCode, type FieldProblem } from '../errors';
import type { Translator } from '../i18n';
import type { ErrorResponse } from './schemas';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  malformed_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  service_unavailable: 503,
  internal_error: 500,
  consent_required: 403,
  invalid_credentials: 401,
  email_not_verified: 403,
  token_invalid: 400,
  local_accounts_disabled: 403,
  wikimedia_not_configured: 404,
  last_admin: 409,
  last_manager: 409,
  request_limit: 429,
  message_limit: 429,
  request_declined: 429,
  request_pending: 409,
  member_blocked: 409,
  invitation_limit: 429,
  no_managers: 409,
  already_reported: 409,
  report_claimed: 409,
  report_decided: 409,
  own_report: 403,
  appeal_closed: 409,
  account_suspended: 403,
  account_banned: 403,
  verification_required: 403,
  member_suspended: 409,
  wrong_origin: 403,
};

/** Fastify's own error codes that are the client's fault, in our vocabulary. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** Turns schema-validation issues into field problems such as `query.lang: enum`. */
function problemsFromValidation(issues: readonly AjvIssue[], context: string | undefined): FieldProblem[] {
  const location = context === 'querystring' ? 'query' : (context ?? 'body');
  return issues.map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = typeof issue.params.missingProperty === 'string' ? issue.params.missingProperty : undefined;
    const extra = typeof issue.params.additionalProperty === 'string' ? issue.params.additionalProperty : undefined;
    const field = [location, path, missing ?? extra].filter(Boolean).join('.');
    return { field, code: issue.keyword, params: validationParams(issue) };
  });
}

function validationParams(issue: AjvIssue): string[] {
  const { params } = issue;
  if (Array.isArray(params.allowedValues)) return [params.allowedValues.join(', ')];
  for (const key of ['limit', 'type', 'format', 'pattern']) {
    if (params[key] !== undefined) return [String(params[key])];
  }
  return [];
}

function toAppError(error: FastifyError): AppError | undefined {
  if (error instanceof AppError) return error;
  const validation = (error as FastifyError & { validation?: AjvIssue[] }).validation;
  if (validation) {
    return new AppError('validation_failed', problemsFromValidation(validation, error.validationContext));
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return new AppError(mapped);
  if (error instanceof SyntaxError) return new AppError('malformed_json');
  const status = error.statusCode ?? 500;
  if (status === 429) return new AppError('rate_limited');
  if (status >= 400 && status < 500) return new AppError('bad_request');
  return undefined;
}

/** Renders an error in the one shape every client can rely on, translated to the request's language. */
export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  translator: Translator,
  error: AppError,
): FastifyReply {
  const language = request.uiLanguage;
  const body: ErrorResponse = {
    error: {
      code: error.code,
      message: translator.translate(language, `cxc-error-${error.code.replace(/_/g, '-')}`, ...error.messageParams),
      requestId: String(request.id),
    },
  };
  if (error.details.length > 0) {
    body.error.details = error.details.map((problem) => {
      // Schema keywords (maxLength) and domain codes (password-too-common) share one message family.
      const key = `cxc-validation-${problem.code.toLowerCase()}`;
      return {
        field: problem.field,
        code: problem.code,
        message: translator.has(key)
          ? translator.translate(language, key, ...(problem.params ?? []))
          : translator.translate(language, 'cxc-validation-invalid'),
      };
    });
  }
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.status(STATUS_BY_CODE[error.code]).type('application/json; charset=utf-8').send(body);
}

export const errorHandlerPlugin = fp(
  async (app: FastifyInstance, options: { translator: Translator }) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const known = toAppError(error);
      if (known) {
        request.log.info({ code: known.code }, 'request refused');
        return sendError(reply, request, options.translator, known);
      }
      // Only unexpected faults reach this point: log everything, show nothing but the request id.
      request.log.error({ err: error }, 'unexpected error');
      return sendError(reply, request, options.translator, new AppError('internal_error'));
    });
  },
  { name: 'error-handler', dependencies: ['request-language'] },
);
