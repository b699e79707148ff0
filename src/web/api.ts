import type { ErrorBody } from '../shared/errors';
import { BACKGROUND_HEADER } from '../shared/identity';
import { zh } from './locale/zh-CN';

/** Codes the client makes up itself, when there is no server answer to carry one. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE' | 'HTTP_ERROR';

/**
 * A failed API call. `message` is always Chinese and fit to show: the server's own message when it
 * sent the standard `{ error: { code, message, field? } }` body, otherwise one from the locale.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorBody['error']['code'] | ClientErrorCode;
  readonly field?: string;
  /** A follow-up the client can act on (e.g. `volunteerId` of an existing record), never personal data. */
  readonly details?: Record<string, unknown>;

  constructor(
    status: number,
    code: ApiError['code'],
    message: string,
    field?: string,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    if (field !== undefined) this.field = field;
    if (details !== undefined) this.details = details;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON; a Blob or File is sent as it is, with its own type (uploads). */
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** Polling the person did not ask for: the server does not count it as activity (idle limit). */
  background?: boolean;
}

/** `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * The one way the web app talks to the server: same origin, JSON both ways, and the
 * `X-Requested-With` header the server requires on state changes (a CSRF guard a cross-site form cannot send).
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'X-Requested-With': 'rongzhi',
  };
  if (options.background) headers[BACKGROUND_HEADER] = '1';
  let body: BodyInit | undefined;
  if (options.body instanceof Blob) {
    headers['Content-Type'] = options.body.type || 'application/octet-stream';
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', zh.errors.network);
  }

  if (response.status === 204) return undefined as T;

  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    if (response.ok) throw new ApiError(response.status, 'BAD_RESPONSE', zh.errors.badResponse);
    throw new ApiError(response.status, 'HTTP_ERROR', zh.errors.httpStatus(response.status));
  }

  if (!response.ok) {
    if (isErrorBody(parsed)) {
      const { code, message, field, details } = parsed.error;
      throw new ApiError(response.status, code, message, field, details);
    }
    throw new ApiError(response.status, 'HTTP_ERROR', zh.errors.httpStatus(response.status));
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  put: <T>(path: string, body: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  post: <T>(path: string, body: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  delete: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
};

/** The Chinese message to show for any error a query or mutation may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return zh.errors.genericText;
}

/** A job id for progress polling (crypto.randomUUID needs a secure context; fall back to random bytes). */
export function newJobId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
