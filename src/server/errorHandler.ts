import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AuditRepo } from '../modules/audit/audit.repo';
import { AppError } from './errors';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** A zod failure from any part of the request → one AppError naming the first offending field. */
function fromValidation(issues: ValidationIssue[], context: string | undefined): AppError {
  const issue = issues[0];
  const path = issue?.instancePath.replace(/^\//, '').replace(/\//g, '.') ?? '';
  if (issue?.keyword === 'unrecognized_keys') {
    const keys = (issue.params?.keys as string[] | undefined) ?? [];
    const field = [path, keys[0]].filter(Boolean).join('.');
    return new AppError('UNKNOWN_FIELD', `请求中包含不允许的字段：${keys.join('、')}`, { field });
  }
  const where = context === 'querystring' ? '查询参数' : context === 'params' ? '路径参数' : '';
  const message = issue?.message ? `${where}${path ? `「${path}」` : ''}${issue.message}` : undefined;
  return new AppError('VALIDATION_FAILED', message, { field: path || undefined });
}

/** Map every failure to `{ error: { code, message, field? } }`; never a stack trace. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    return fromValidation(error.validation, (error as FastifyError).validationContext);
  }
  const code = (error as FastifyError).code;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
  }
  // A rule the database keeps that a service did not check first: a clear refusal, never a 500.
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503')
    return new AppError('VALIDATION_FAILED', '引用的数据不存在或已被删除');
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505')
    return new AppError('CONFLICT', '与已有数据重复');
  // An append-only rule kept by a trigger (e.g. a confirmed service record changed in the meantime).
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' || code === 'P0001')
    return new AppError('CONFLICT', '数据已被他人处理，不能再修改，请刷新后重试');
  const status = (error as FastifyError).statusCode;
  if (status === 404) return new AppError('NOT_FOUND');
  if (status === 405) return new AppError('METHOD_NOT_ALLOWED');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 429) return new AppError('RATE_LIMITED');
  if (status && status >= 400 && status < 500) return new AppError('VALIDATION_FAILED');
  return new AppError('INTERNAL');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.status === 403 && request.actor) await auditDenied(app, request, appError);
    if (appError.status >= 500) {
      request.log.error(
        { err: error, serialization: isResponseSerializationError(error) ? error.cause.issues : undefined },
        'request failed',
      );
    }
    return reply.status(appError.status).send(appError.toBody());
  });
}

/** Every refused attempt by a signed-in person leaves an audit row. */
async function auditDenied(app: FastifyInstance, request: FastifyRequest, error: AppError): Promise<void> {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const target =
    typeof params.id === 'string' ? params.id : typeof params.code === 'string' ? params.code : undefined;
  try {
    await new AuditRepo(app.database.db).write(
      { accountId: request.actor!.accountId, username: request.actor!.username, ip: request.ip },
      {
        action: `${request.method} ${request.routeOptions.url ?? request.url}`.slice(0, 64),
        result: 'denied',
        targetId: target,
        regionCode: request.actor!.regionCode,
        detail: { code: error.code },
      },
    );
  } catch (auditError) {
    request.log.error({ err: auditError }, 'could not audit a denied request');
  }
}
