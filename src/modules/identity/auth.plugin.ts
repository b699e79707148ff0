import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import '@fastify/cookie';
import { AppError } from '../../server/errors';
import { BACKGROUND_HEADER, type Capability } from '../../shared/identity';
import type { Actor } from './actor';
import { actorOf } from './auth.service';
import { can } from './policy';
import { SessionsRepo } from './sessions.repo';

export const SESSION_COOKIE = 'rz_session';
/** Every state change must carry this header: a cross-site form or image cannot set it. */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'rongzhi';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionHash: string | null;
    sessionExpired: boolean;
  }
  interface FastifyContextConfig {
    /** No sign-in needed (public pages, login itself). Every other /api route requires one. */
    public?: boolean;
    /** The capability a route needs, checked before the body is even validated. */
    capability?: Capability;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in actor, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  throw new AppError(request.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
}

function checkOrigin(request: FastifyRequest): void {
  if (request.headers[CSRF_HEADER] !== CSRF_VALUE) throw new AppError('CSRF_REJECTED');
  const origin = request.headers.origin;
  if (origin && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      throw new AppError('CSRF_REJECTED');
    }
    if (host !== request.headers.host) throw new AppError('CSRF_REJECTED');
  } else if (origin === 'null') {
    throw new AppError('CSRF_REJECTED');
  }
}

/**
 * Authenticate → (validate) → authorise, declared per route: resolves the session cookie to an actor,
 * refuses cross-site state changes, and enforces `config.public` / `config.capability`.
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionHash', null);
  app.decorateRequest('sessionExpired', false);

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    if (!SAFE_METHODS.has(request.method)) checkOrigin(request);
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const resolved = await new SessionsRepo(app.database.db).resolve(token, new Date(), {
      touch: request.headers[BACKGROUND_HEADER] !== '1',
    });
    if (resolved === 'expired') {
      request.sessionExpired = true;
      return;
    }
    if (!resolved) return;
    request.sessionHash = resolved.idHash;
    request.actor = actorOf(resolved.account, resolved.kind);
  });

  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/api/') || request.is404) return;
    const config = request.routeOptions.config;
    if (config.public) return;
    const actor = requireActor(request);
    if (config.capability && !can(actor, config.capability)) throw new AppError('FORBIDDEN');
  });
});
