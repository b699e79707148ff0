import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors';
import { outputKinds, serviceRecordSchema, starLevelFor, starThresholdsHours } from '../../shared/activities';
import { z } from '../../shared/zod';
import { AuditRepo } from '../audit/audit.repo';
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
      const records = await new RecordsService(app.database.db, activities()).list(actor, {
        volunteerId: actor.volunteerId,
      });
      const certificates = await app.database.db
        .selectFrom('certificates')
        .select(['id', 'number', 'issuedAt'])
        .where('volunteerId', '=', actor.volunteerId)
        .orderBy('issuedAt', 'desc')
        .execute();
      const level = starLevelFor(v.confirmedMinutes);
      return { ...v, nextStarHours: starThresholdsHours[level] ?? null, records, certificates };
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
        response: {
          200: z.object({ outputs: z.array(z.object({ kind: z.string(), quantity: z.number() })) }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const service = activities();
      const activity = await service.requireVisible(actor, request.params.id);
      const manageable = (await service.get(actor, activity.id)).canManage;
      if (!manageable) throw new AppError('FORBIDDEN');
      await app.database.db.transaction().execute(async (tx) => {
        await tx.deleteFrom('activityOutputs').where('activityId', '=', activity.id).execute();
        if (request.body.outputs.length) {
          await tx
            .insertInto('activityOutputs')
            .values(
              request.body.outputs.map((o) => ({
                id: randomUUID(),
                activityId: activity.id,
                kind: o.kind,
                quantity: o.quantity,
              })),
            )
            .execute();
        }
        await new AuditRepo(tx).write(auditContextOf(actor, request.ip), {
          action: 'activity.outputs.set',
          result: 'success',
          targetType: 'activity',
          targetId: activity.id,
          regionCode: activity.regionCode,
          detail: { outputs: request.body.outputs },
        });
      });
      return { outputs: request.body.outputs };
    },
  );
};
