import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { hoursOf } from '../../shared/hours';
import { AuditRepo } from '../audit/audit.repo';
import { listHonoursHeld } from '../honours/honours.read';
import type { Actor, AuditContext } from '../identity/actor';
import { mayPublishStories } from '../identity/policy';
import {
  posterSizes,
  renderPoster,
  type PosterData,
  type PosterSize,
  type PosterTemplate,
} from './poster.render';
import { PublicityMediaService } from './publicity.media';
import type { PosterInput } from './publicity.schemas';
import {
  CONSENT_MISSING,
  PUBLISHERS_ONLY,
  cityName,
  findSubject,
  mayPublishIn,
  ownRows,
  posterColumns,
  requirePublisher,
  requireWriter,
  type StoriesEb,
} from './publicity.shared';

const starNames = ['', '一星', '二星', '三星', '四星', '五星'];

/** 风采海报 for staff: the verified facts, rendering (preview and saved), and publishing to the portal. */
export class PosterService {
  constructor(private readonly db: Kysely<DB>) {}

  /** The verified facts a poster shows, from the database (never from the request). */
  async posterData(
    actor: Actor,
    input: PosterInput,
    qrUrl: string,
  ): Promise<{ data: PosterData; name: string }> {
    requireWriter(actor);
    const subject = await findSubject(this.db, actor, input.subjectKind, input.subjectId);
    let photo: PosterData['photo'] = null;
    if (input.photoMediaId) {
      const media = await new PublicityMediaService(this.db).staffMedia(actor, input.photoMediaId);
      if (media.mime === 'image/webp')
        throw new AppError('VALIDATION_FAILED', '海报照片请使用 PNG 或 JPEG 格式', { field: 'photoMediaId' });
      photo = { mime: media.mime, data: media.data };
    }
    if (input.subjectKind === 'volunteer') {
      if (!subject.consent) throw new AppError('CONFLICT', CONSENT_MISSING, { field: 'subjectId' });
      const v = await this.db
        .selectFrom('volunteers')
        .select(['name', 'residenceCode', 'confirmedMinutes', 'starLevel'])
        .where('id', '=', input.subjectId)
        .executeTakeFirstOrThrow();
      const team = await this.db
        .selectFrom('memberships')
        .innerJoin('teams', 'teams.id', 'memberships.teamId')
        .select('teams.name')
        .where('memberships.volunteerId', '=', input.subjectId)
        .where('memberships.leftOn', 'is', null)
        .orderBy('memberships.joinedOn')
        .executeTakeFirst();
      const honours = await listHonoursHeld(this.db, { kind: 'volunteer', id: input.subjectId });
      const hours = hoursOf(v.confirmedMinutes);
      return {
        name: v.name,
        data: {
          kind: 'volunteer',
          name: v.name,
          subtitle: team?.name ?? '退役军人志愿者',
          regionName: await cityName(this.db, v.residenceCode),
          hours,
          starLevel: v.starLevel,
          facts: v.starLevel > 0 ? [{ label: '志愿者星级', value: starNames[v.starLevel] ?? '' }] : [],
          honours,
          quote: input.quote,
          photo,
          qrUrl,
        },
      };
    }
    const t = await this.db
      .selectFrom('teams')
      .innerJoin('regions', 'regions.code', 'teams.regionCode')
      .select(['teams.name', 'teams.status', 'teams.regionCode', 'regions.name as regionName'])
      .where('teams.id', '=', input.subjectId)
      .executeTakeFirstOrThrow();
    if (t.status !== 'approved')
      throw new AppError('CONFLICT', '队伍尚未通过统一登记审核，不能制作风采海报', { field: 'subjectId' });
    const [members, minutes, honours] = await Promise.all([
      this.db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('teamId', '=', input.subjectId)
        .where('leftOn', 'is', null)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('serviceRecords')
        .select((eb) => eb.fn.sum<string | number | null>('minutes').as('m'))
        .where('teamId', '=', input.subjectId)
        .where('status', '=', 'confirmed')
        .executeTakeFirstOrThrow(),
      listHonoursHeld(this.db, { kind: 'team', id: input.subjectId }),
    ]);
    return {
      name: t.name,
      data: {
        kind: 'team',
        name: t.name,
        subtitle: t.regionName,
        regionName: await cityName(this.db, t.regionCode),
        hours: hoursOf(Number(minutes.m ?? 0)),
        starLevel: null,
        facts: [{ label: '在册队员', value: `${Number(members.n)} 人` }],
        honours,
        quote: input.quote,
        photo,
        qrUrl,
      },
    };
  }

  async previewPoster(actor: Actor, input: PosterInput, origin: string) {
    const { data } = await this.posterData(actor, input, `${origin}/portal`);
    return renderPoster(data, input.template as PosterTemplate, input.size as PosterSize);
  }

  async createPoster(actor: Actor, input: PosterInput, origin: string, context: AuditContext) {
    const region = requireWriter(actor);
    const id = randomUUID();
    const { data, name } = await this.posterData(actor, input, `${origin}/portal/posters/${id}`);
    const png = await renderPoster(data, input.template as PosterTemplate, input.size as PosterSize);
    const { width, height } = posterSizes[input.size as PosterSize];
    const mediaId = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('publicityMedia')
        .values({
          id: mediaId,
          mime: 'image/png',
          size: png.length,
          width,
          height,
          data: png,
          regionCode: region,
          createdBy: actor.accountId,
          createdAt: now,
        })
        .execute();
      await tx
        .insertInto('posters')
        .values({
          id,
          subjectKind: input.subjectKind,
          subjectId: input.subjectId,
          subjectName: name,
          template: input.template,
          size: input.size,
          quote: input.quote,
          photoMediaId: input.photoMediaId,
          imageMediaId: mediaId,
          status: 'saved',
          regionCode: region,
          createdBy: actor.accountId,
          createdAt: now,
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'publicity.poster.create',
        result: 'success',
        targetType: 'poster',
        targetId: id,
        regionCode: region,
        detail: {
          subjectKind: input.subjectKind,
          subjectId: input.subjectId,
          template: input.template,
          size: input.size,
        },
      });
    });
    return id;
  }

  async listPosters(actor: Actor) {
    requireWriter(actor);
    const rows = await posterColumns(this.db)
      .where((eb) => ownRows(actor, 'posters')(eb as unknown as StoriesEb))
      .orderBy('posters.createdAt', 'desc')
      .limit(200)
      .execute();
    return rows.map(({ imageMediaId: _m, ...r }) => ({
      ...r,
      mayPublish: mayPublishIn(actor, r.regionCode),
    }));
  }

  private async visiblePoster(actor: Actor, id: string) {
    requireWriter(actor);
    const row = await posterColumns(this.db).where('posters.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '海报不存在');
    const seen = await this.db
      .selectFrom('posters')
      .select('id')
      .where('id', '=', id)
      .where((eb) => ownRows(actor, 'posters')(eb as unknown as StoriesEb))
      .executeTakeFirst();
    if (!seen) throw new AppError('OUT_OF_SCOPE');
    return row;
  }

  async posterPng(actor: Actor, id: string) {
    const row = await this.visiblePoster(actor, id);
    const media = await this.db
      .selectFrom('publicityMedia')
      .select('data')
      .where('id', '=', row.imageMediaId)
      .executeTakeFirstOrThrow();
    return { name: row.subjectName, png: media.data };
  }

  async setPosterPublished(actor: Actor, id: string, publish: boolean, context: AuditContext) {
    if (!mayPublishStories(actor)) throw new AppError('FORBIDDEN', PUBLISHERS_ONLY);
    const row = await this.visiblePoster(actor, id);
    requirePublisher(actor, row.regionCode);
    if (publish && row.subjectKind === 'volunteer') {
      const v = await this.db
        .selectFrom('volunteers')
        .select('publicityConsent')
        .where('id', '=', row.subjectId)
        .executeTakeFirst();
      if (v?.publicityConsent !== 1) throw new AppError('CONFLICT', CONSENT_MISSING, { field: 'subjectId' });
    }
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('posters')
        .set(
          publish
            ? { status: 'published', publishedBy: actor.accountId, publishedAt: now }
            : { status: 'saved' },
        )
        .where('id', '=', id)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: publish ? 'publicity.poster.publish' : 'publicity.poster.withdraw',
        result: 'success',
        targetType: 'poster',
        targetId: id,
        regionCode: row.regionCode,
        detail: { subjectKind: row.subjectKind, subjectName: row.subjectName },
      });
    });
  }
}
