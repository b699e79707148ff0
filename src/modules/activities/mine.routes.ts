import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors';
import {
  outputKinds,
  outputSchema,
  recordRequestInputSchema,
  recordRequestSchema,
  serviceRecordSchema,
  starLevelFor,
  starThresholdsHours,
} from '../../shared/activities';
import { z } from '../../shared/zod';
import { auditContextOf } from '../identity/actor';
import { requireActor } from '../identity/auth.plugin';
import { TeamsService } from '../teams/teams.service';
import { ActivitiesService } from './activities.service';
import { RecordsService } from './records.service';

/** The volunteer's own page (my hours, star level, records, certificates) and activity outputs. */
export const mineRoutes: FastifyPluginAsyncZod = async (app) => {
  const activities = () =>
    new ActivitiesService(app.database.db, new TeamsService(app.database.db, app.fieldCrypto));

  app.get(
    '/api/me/service',
    {
      schema: {
        tags: ['志愿者本人'],
        summary: '我的服务时长、星级、服务记录与证明',
        response: {
          200: z.object({
            name: z.string(),
            volunteerNo: z.string(),
            confirmedMinutes: z.number(),
            starLevel: z.number(),
            nextStarHours: z.number().nullable(),
            records: z.array(serviceRecordSchema),
            requests: z.array(recordRequestSchema),
            certificates: z.array(z.object({ id: z.string(), number: z.string(), issuedAt: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!actor.volunteerId) throw new AppError('FORBIDDEN', '此页面供志愿者本人使用');
      const v = await app.database.db
        .selectFrom('volunteers')
        .select(['name', 'volunteerNo', 'confirmedMinutes', 'starLevel'])
        .where('id', '=', actor.volunteerId)
        .executeTakeFirstOrThrow();
      const service = new RecordsService(app.database.db, activities());
      const records = await service.list(actor, { volunteerId: actor.volunteerId });
      const requests = await service.requests(actor, {});
      const certificates = await app.database.db
        .selectFrom('certificates')
        .select(['id', 'number', 'issuedAt'])
        .where('volunteerId', '=', actor.volunteerId)
        .orderBy('issuedAt', 'desc')
        .execute();
      const level = starLevelFor(v.confirmedMinutes);
      return { ...v, nextStarHours: starThresholdsHours[level] ?? null, records, requests, certificates };
    },
  );

  app.post(
    '/api/me/record-requests',
    {
      schema: {
        tags: ['志愿者本人'],
        summary: '申请更正我的服务记录',
        body: recordRequestInputSchema,
        response: { 200: recordRequestSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return new RecordsService(app.database.db, activities()).requestCorrection(
        actor,
        request.body,
        auditContextOf(actor, request.ip),
      );
    },
  );

  app.put(
    '/api/activities/:id/outputs',
    {
      schema: {
        tags: ['活动'],
        summary: '登记活动成果（餐食、接送、献血量、服务人次、宣讲场次）',
        params: z.strictObject({ id: z.uuid() }),
        body: z.strictObject({
          outputs: z
            .array(
              z.strictObject({
                kind: z.enum(outputKinds),
                quantity: z.number().int().min(0).max(10_000_000),
              }),
            )
            .max(outputKinds.length),
        }),
        response: { 200: z.object({ outputs: z.array(outputSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        outputs: await activities().setOutputs(
          actor,
          request.params.id,
          request.body.outputs,
          auditContextOf(actor, request.ip),
        ),
      };
    },
  );
};
