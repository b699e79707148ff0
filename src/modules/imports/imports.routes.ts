import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Excel import and export of the registry (being built). */
export const importsRoutes: FastifyPluginAsyncZod = async () => {};
