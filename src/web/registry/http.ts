import type { ErrorBody } from '../../shared/errors';
import { ApiError } from '../api';
import { zh } from '../locale/zh-CN';

/**
 * An ApiError that also keeps the server's `details` (e.g. `volunteerId` of an existing record).
 * `api.ts` drops `details`; the registry needs it for the "already registered" flow and sends raw
 * file bodies for imports, so these two requests go through here, with the same header and messages.
 */
export class DetailedApiError extends ApiError {
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: ApiError['code'], message: string, field?: string, details?: unknown) {
    super(status, code, message, field);
    this.details =
      typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined;
  }
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface SendOptions {
  method?: 'POST' | 'PUT';
  json?: unknown;
  file?: Blob;
  query?: Record<string, string | number | undefined>;
}

export function withQuery(path: string, query?: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function send<T>(path: string, options: SendOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Requested-With': 'rongzhi' };
  let body: BodyInit | undefined;
  if (options.file) {
    headers['Content-Type'] = XLSX_MIME;
    body = options.file;
  } else if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'POST',
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', zh.errors.network);
  }
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    if (response.ok) throw new ApiError(response.status, 'BAD_RESPONSE', zh.errors.badResponse);
    throw new ApiError(response.status, 'HTTP_ERROR', zh.errors.httpStatus(response.status));
  }
  if (!response.ok) {
    const error = (parsed as Partial<ErrorBody> | null)?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      throw new DetailedApiError(response.status, error.code, error.message, error.field, error.details);
    }
    throw new ApiError(response.status, 'HTTP_ERROR', zh.errors.httpStatus(response.status));
  }
  return parsed as T;
}

/** A job id for import progress (crypto.randomUUID needs a secure context; fall back to random bytes). */
export function newJobId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
