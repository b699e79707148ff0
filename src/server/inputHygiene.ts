import type { FastifyInstance } from 'fastify';
import { AppError } from './errors';

/** The first place in a value that holds a NUL character, as a field path (`items.2.title`), or null. */
export function findNulCharacter(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'body' : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key].join('.');
    const found = findNulCharacter(inner, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * No text we keep may hold a NUL character: PostgreSQL refuses it in text columns and nothing a person
 * types contains one. Refused before validation, in path, query and body alike, with the field named.
 */
export function installInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const field = findNulCharacter(part);
      if (field !== null) throw new AppError('VALIDATION_FAILED', '内容包含不允许的控制字符', { field });
    }
  });
}
