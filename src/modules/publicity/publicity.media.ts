import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { isRegionWithin, scopeOf } from '../identity/scope';
import { checkImage, stripJpegMetadata } from './images';
import { publicPoster, publicStory, requireWriter } from './publicity.shared';

/** Pictures for stories and posters: uploaded by staff, public only once what shows them is published. */
export class PublicityMediaService {
  constructor(private readonly db: Kysely<DB>) {}

  async uploadMedia(actor: Actor, upload: Buffer, context: AuditContext) {
    const region = requireWriter(actor);
    const info = checkImage(upload);
    // Photos are shown publicly: camera, time and GPS metadata do not go with them.
    const file = info.mime === 'image/jpeg' ? stripJpegMetadata(upload) : upload;
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('publicityMedia')
        .values({
          id,
          mime: info.mime,
          size: file.length,
          width: info.width,
          height: info.height,
          data: file,
          regionCode: region,
          createdBy: actor.accountId,
          createdAt: new Date().toISOString(),
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'publicity.media.upload',
        result: 'success',
        targetType: 'media',
        targetId: id,
        regionCode: region,
        detail: { mime: info.mime, size: file.length, width: info.width, height: info.height },
      });
    });
    return {
      id,
      mime: info.mime,
      size: file.length,
      width: info.width,
      height: info.height,
      url: `/api/publicity/media/${id}`,
    };
  }

  /** An image for staff: what their region (or they) uploaded, or anything already public. */
  async staffMedia(actor: Actor, id: string) {
    requireWriter(actor);
    const media = await this.db
      .selectFrom('publicityMedia')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!media) throw new AppError('NOT_FOUND', '图片不存在');
    const scope = scopeOf(actor);
    const own =
      media.createdBy === actor.accountId ||
      (scope.kind === 'region' &&
        media.regionCode !== null &&
        isRegionWithin(media.regionCode, scope.regionCode));
    if (!own && !(await this.isPublicMedia(id))) throw new AppError('OUT_OF_SCOPE');
    return media;
  }

  /** Public only while attached to a published story (cover or body) or a published poster. */
  private async isPublicMedia(id: string): Promise<boolean> {
    const story = await this.db
      .selectFrom('stories')
      .select('stories.id')
      .where(publicStory)
      .where((eb) =>
        eb.or([
          eb('stories.coverMediaId', '=', id),
          eb.exists(
            eb
              .selectFrom('storyMedia')
              .select('storyMedia.mediaId')
              .whereRef('storyMedia.storyId', '=', 'stories.id')
              .where('storyMedia.mediaId', '=', id),
          ),
        ]),
      )
      .executeTakeFirst();
    if (story) return true;
    const poster = await this.db
      .selectFrom('posters')
      .select('posters.id')
      .where(publicPoster)
      .where('posters.imageMediaId', '=', id)
      .executeTakeFirst();
    return !!poster;
  }

  async publicMedia(id: string) {
    if (!(await this.isPublicMedia(id))) throw new AppError('NOT_FOUND', '图片不存在或尚未公开');
    return this.db
      .selectFrom('publicityMedia')
      .select(['mime', 'data'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }
}
