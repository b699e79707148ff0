import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import type { StoryStatus } from '../../db/tables/publicity';
import { AppError } from '../../server/errors';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayPublishStories } from '../identity/policy';
import {
  CONSENT_MISSING,
  PUBLISHERS_ONLY,
  findSubject,
  mayPublishIn,
  ownRows,
  requireMedia,
  requirePublisher,
  requireWriter,
} from './publicity.shared';
import type { StoryBlock, StoryInput } from './publicity.schemas';

/** 宣传稿件 for staff: writing in their region, and the bureaus' review → publish workflow. */
export class StoryService {
  constructor(private readonly db: Kysely<DB>) {}

  private storyColumns() {
    return this.db
      .selectFrom('stories')
      .innerJoin('regions', 'regions.code', 'stories.regionCode')
      .select([
        'stories.id',
        'stories.title',
        'stories.summary',
        'stories.body',
        'stories.coverMediaId',
        'stories.channel',
        'stories.status',
        'stories.subjectKind',
        'stories.subjectId',
        'stories.subjectName',
        'stories.regionCode',
        'regions.name as regionName',
        'stories.authorName',
        'stories.createdAt',
        'stories.updatedAt',
        'stories.reviewedAt',
        'stories.publishedAt',
        'stories.returnReason',
        'stories.version',
      ]);
  }

  private present(
    actor: Actor,
    row: Awaited<ReturnType<ReturnType<StoryService['storyColumns']>['executeTakeFirstOrThrow']>>,
  ) {
    return {
      ...row,
      body: JSON.parse(row.body) as StoryBlock[],
      mayPublish: mayPublishIn(actor, row.regionCode),
    };
  }

  async listStories(actor: Actor, filter: { status?: StoryStatus; q?: string }) {
    requireWriter(actor);
    let query = this.storyColumns().where(ownRows(actor, 'stories'));
    if (filter.status) query = query.where('stories.status', '=', filter.status);
    if (filter.q) query = query.where('stories.title', 'like', `%${filter.q.replace(/[%_\\]/g, '')}%`);
    const rows = await query.orderBy('stories.updatedAt', 'desc').limit(500).execute();
    return rows.map((r) => {
      const { body: _body, ...rest } = this.present(actor, r);
      return rest;
    });
  }

  private async visibleStory(actor: Actor, id: string) {
    requireWriter(actor);
    const row = await this.storyColumns().where('stories.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '稿件不存在');
    const seen = await this.db
      .selectFrom('stories')
      .select('id')
      .where('id', '=', id)
      .where(ownRows(actor, 'stories'))
      .executeTakeFirst();
    if (!seen) throw new AppError('OUT_OF_SCOPE');
    return row;
  }

  async getStory(actor: Actor, id: string) {
    return this.present(actor, await this.visibleStory(actor, id));
  }

  private async checkStoryInput(actor: Actor, input: StoryInput) {
    if ((input.subjectKind === null) !== (input.subjectId === null))
      throw new AppError('VALIDATION_FAILED', '请同时选择宣传对象的类型和具体对象', { field: 'subjectId' });
    const subject =
      input.subjectKind && input.subjectId
        ? await findSubject(this.db, actor, input.subjectKind, input.subjectId)
        : null;
    const imageIds = input.body.flatMap((b) => (b.type === 'image' ? [b.mediaId] : []));
    await requireMedia(this.db, input.coverMediaId ? [input.coverMediaId] : [], 'coverMediaId');
    await requireMedia(this.db, imageIds, 'body');
    return { subject, imageIds: [...new Set(imageIds)] };
  }

  async createStory(actor: Actor, input: StoryInput, context: AuditContext) {
    const region = requireWriter(actor);
    const { subject, imageIds } = await this.checkStoryInput(actor, input);
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('stories')
        .values({
          id,
          title: input.title,
          summary: input.summary,
          body: JSON.stringify(input.body),
          coverMediaId: input.coverMediaId,
          subjectKind: input.subjectKind,
          subjectId: input.subjectId,
          subjectName: subject?.name ?? null,
          channel: input.channel,
          status: 'draft',
          regionCode: region,
          createdBy: actor.accountId,
          authorName: actor.displayName,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      if (imageIds.length)
        await tx
          .insertInto('storyMedia')
          .values(imageIds.map((mediaId) => ({ storyId: id, mediaId })))
          .execute();
      await new AuditRepo(tx).write(context, {
        action: 'publicity.story.create',
        result: 'success',
        targetType: 'story',
        targetId: id,
        regionCode: region,
        detail: { title: input.title, channel: input.channel },
      });
    });
    return id;
  }

  /** Editing a reviewed story sends it back to draft; a published one must be withdrawn first. */
  async updateStory(actor: Actor, id: string, input: StoryInput, version: number, context: AuditContext) {
    const row = await this.visibleStory(actor, id);
    if (row.status === 'published')
      throw new AppError('CONFLICT', '稿件已发布，请先撤回再修改', { field: 'status' });
    const { subject, imageIds } = await this.checkStoryInput(actor, input);
    await this.db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('stories')
        .set({
          title: input.title,
          summary: input.summary,
          body: JSON.stringify(input.body),
          coverMediaId: input.coverMediaId,
          subjectKind: input.subjectKind,
          subjectId: input.subjectId,
          subjectName: subject?.name ?? null,
          channel: input.channel,
          status: 'draft',
          reviewedBy: null,
          reviewedAt: null,
          updatedAt: new Date().toISOString(),
          version: version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('status', '!=', 'published')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new AppError('CONFLICT', '稿件已被他人修改，请刷新后再编辑', { field: 'version' });
      await tx.deleteFrom('storyMedia').where('storyId', '=', id).execute();
      if (imageIds.length)
        await tx
          .insertInto('storyMedia')
          .values(imageIds.map((mediaId) => ({ storyId: id, mediaId })))
          .execute();
      await new AuditRepo(tx).write(context, {
        action: 'publicity.story.update',
        result: 'success',
        targetType: 'story',
        targetId: id,
        regionCode: row.regionCode,
        detail: { title: input.title, from: row.status },
      });
    });
  }

  /** review: draft → reviewed; publish: reviewed → published; return: reviewed → draft; unpublish: published → draft. */
  async transition(
    actor: Actor,
    id: string,
    action: 'review' | 'publish' | 'return' | 'unpublish',
    reason: string | undefined,
    context: AuditContext,
  ) {
    if (!mayPublishStories(actor)) throw new AppError('FORBIDDEN', PUBLISHERS_ONLY);
    const row = await this.visibleStory(actor, id);
    requirePublisher(actor, row.regionCode);
    const from: Record<typeof action, StoryStatus> = {
      review: 'draft',
      publish: 'reviewed',
      return: 'reviewed',
      unpublish: 'published',
    };
    const to: Record<typeof action, StoryStatus> = {
      review: 'reviewed',
      publish: 'published',
      return: 'draft',
      unpublish: 'draft',
    };
    const needs: Record<typeof action, string> = {
      review: '只有草稿可以审核',
      publish: '稿件需先审核通过才能发布',
      return: '只有已审核的稿件可以退回',
      unpublish: '只有已发布的稿件可以撤回',
    };
    if (row.status !== from[action]) throw new AppError('CONFLICT', needs[action], { field: 'status' });
    if ((action === 'return' || action === 'unpublish') && !reason)
      throw new AppError('VALIDATION_FAILED', '请填写退回或撤回的原因', { field: 'reason' });
    if (action === 'publish' && row.subjectKind === 'volunteer' && row.subjectId) {
      const v = await this.db
        .selectFrom('volunteers')
        .select('publicityConsent')
        .where('id', '=', row.subjectId)
        .executeTakeFirst();
      if (v?.publicityConsent !== 1) throw new AppError('CONFLICT', CONSENT_MISSING, { field: 'subjectId' });
    }
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('stories')
        .set({
          status: to[action],
          updatedAt: now,
          version: row.version + 1,
          ...(action === 'review'
            ? { reviewedBy: actor.accountId, reviewedAt: now, returnReason: null }
            : {}),
          ...(action === 'publish' ? { publishedBy: actor.accountId, publishedAt: now } : {}),
          ...(action === 'return' || action === 'unpublish'
            ? { returnReason: reason ?? null, reviewedBy: null, reviewedAt: null }
            : {}),
        })
        .where('id', '=', id)
        .where('status', '=', from[action])
        .where('version', '=', row.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new AppError('CONFLICT', '稿件已被他人处理，请刷新', { field: 'version' });
      await new AuditRepo(tx).write(context, {
        action: `publicity.story.${action}`,
        result: 'success',
        targetType: 'story',
        targetId: id,
        regionCode: row.regionCode,
        detail: { title: row.title, from: from[action], to: to[action], ...(reason ? { reason } : {}) },
      });
    });
  }
}
