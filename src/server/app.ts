import type { Capability } from '../shared/identity';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { withReplica, type Database } from '../db/database';
import { accountsRoutes } from '../modules/accounts/accounts.routes';
import { auditRoutes } from '../modules/audit/audit.routes';
import { authPlugin } from '../modules/identity/auth.plugin';
import { authRoutes } from '../modules/identity/auth.routes';
import { securityRoutes } from '../modules/identity/security.routes';
import { regionsRoutes } from '../modules/regions/regions.routes';
import { teamsRoutes } from '../modules/teams/teams.routes';
import { coverageRoutes } from '../modules/coverage/coverage.routes';
import { activitiesRoutes } from '../modules/activities/activities.routes';
import { mineRoutes } from '../modules/activities/mine.routes';
import { certificatesRoutes } from '../modules/certificates/certificates.routes';
import { plansRoutes } from '../modules/plans/plans.routes';
import { honoursRoutes } from '../modules/honours/honours.routes';
import { leadershipRoutes } from '../modules/leadership/leadership.routes';
import { publicityRoutes } from '../modules/publicity/publicity.routes';
import { requestsRoutes } from '../modules/requests/requests.routes';
import { notificationsRoutes } from '../modules/notifications/notifications.routes';
import { statisticsRoutes } from '../modules/statistics/statistics.routes';
import { brandsRoutes } from '../modules/brands/brands.routes';
import { importsRoutes } from '../modules/imports/imports.routes';
import { volunteersRoutes } from '../modules/volunteers/volunteers.routes';
import { preferencesRoutes } from '../modules/preferences/preferences.routes';
import { privacyRoutes } from '../modules/privacy/privacy.routes';
import type { FieldCrypto } from './security/fieldCrypto';
import { z } from '../shared/zod';
import { AppError } from './errors';
import { installSecurityHeaders } from './securityHeaders';
import { installInputHygiene } from './inputHygiene';
import { installErrorHandling } from './errorHandler';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    fieldCrypto: FieldCrypto;
  }
}

export interface AppOptions {
  database: Database;
  fieldCrypto: FieldCrypto;
  /** Built web app (dist/web); served with an index.html fallback for client-side routes. */
  webDir?: string;
  logger?: boolean;
  /** See Config.trustProxy. */
  trustProxy?: boolean | string;
  /** See Config.databaseReplicaUrl (`rongzhi serve` passes it from DATABASE_REPLICA_URL). */
  replicaUrl?: string;
}

const healthSchema = z.object({ status: z.literal('ok'), db: z.enum(['sqlite', 'postgres']) });

export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
  capability: Capability | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteEntry[];
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger
      ? { level: 'info', redact: ['req.headers.cookie', 'req.headers.authorization'] }
      : false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  // The route table, for the authorization tests: each route, its method and its declared protection.
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({
        method,
        url: route.url ?? route.path,
        public: route.config?.public === true,
        capability: route.config?.capability ?? null,
      });
    }
  });
  app.decorate('routeTable', routeTable);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Read replica (DATABASE_REPLICA_URL, PostgreSQL only): dashboards and reports read through
  // readerOf(app.database); a pool opened here closes with the app (docs/SCALING.md).
  const database = options.database.reader
    ? options.database
    : withReplica(options.database, options.replicaUrl);
  const ownReader = database.reader !== options.database.reader ? database.reader : undefined;
  if (ownReader) app.addHook('onClose', async () => ownReader.destroy());
  app.decorate('database', database);
  app.decorate('fieldCrypto', options.fieldCrypto);
  installErrorHandling(app);
  installSecurityHeaders(app);
  installInputHygiene(app);
  await app.register(fastifyCookie);
  await app.register(authPlugin);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: '戎志 API', description: '退役军人志愿服务平台接口', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: { tags: ['系统'], summary: '健康检查', response: { 200: healthSchema } },
    },
    async () => {
      return { status: 'ok' as const, db: options.database.dialect };
    },
  );

  await app.register(regionsRoutes);
  await app.register(authRoutes);
  await app.register(accountsRoutes);
  await app.register(securityRoutes);
  await app.register(auditRoutes);
  await app.register(teamsRoutes);
  await app.register(volunteersRoutes);
  await app.register(coverageRoutes);
  await app.register(activitiesRoutes);
  await app.register(mineRoutes);
  await app.register(certificatesRoutes);
  await app.register(plansRoutes);
  await app.register(brandsRoutes);
  await app.register(honoursRoutes);
  await app.register(leadershipRoutes);
  await app.register(publicityRoutes);
  await app.register(statisticsRoutes);
  await app.register(requestsRoutes);
  await app.register(notificationsRoutes);
  await app.register(importsRoutes);
  await app.register(preferencesRoutes);
  await app.register(privacyRoutes);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const webDir = options.webDir;
  const hasWeb = !!webDir && existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (url.startsWith('/api/') || url === '/api' || request.method !== 'GET' || !hasWeb) {
      const error = new AppError('ROUTE_NOT_FOUND');
      return reply.status(error.status).send(error.toBody());
    }
    // Client-side routes of the single-page app.
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });

  return app;
}
