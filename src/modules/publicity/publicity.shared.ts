// What the media, story, subject, poster and portal services of 宣传 have in common.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { Actor } from '../identity/actor';
import { mayPublishStories, mayWriteStories } from '../identity/policy';
import {
  activityVisibility,
  isRegionWithin,
  regionRowVisibility,
  scopeOf,
  scopeRegion,
  teamVisibility,
  volunteerVisibility,
} from '../identity/scope';

export const PUBLISHERS_ONLY = '宣传稿件和海报由县级及以上退役军人事务部门审核发布';
export const CONSENT_MISSING = '该志愿者尚未同意宣传：没有本人的宣传授权，不能为其制作海报或公开发布稿件';

export type SubjectKind = 'team' | 'volunteer' | 'activity' | 'brand';

export type StoriesEb = ExpressionBuilder<DB, 'stories'>;
type PostersEb = ExpressionBuilder<DB, 'posters'>;

/** A volunteer who is the subject of something public must have consented (checked at read time too). */
const subjectConsents = (
  eb: ExpressionBuilder<DB, 'stories'> | ExpressionBuilder<DB, 'posters'>,
  table: 'stories' | 'posters',
): Expression<SqlBool> => {
  const e = eb as unknown as StoriesEb;
  return e.or([
    e(sql.ref(`${table}.subjectKind`), 'is', null),
    e(sql.ref(`${table}.subjectKind`), '!=', 'volunteer'),
    e.exists(
      e
        .selectFrom('volunteers')
        .select('volunteers.id')
        .where('volunteers.id', '=', sql.ref<string>(`${table}.subjectId`))
        .where('volunteers.publicityConsent', '=', 1),
    ),
  ]);
};

export const publicStory = (eb: StoriesEb) =>
  eb.and([eb('stories.status', '=', 'published'), subjectConsents(eb, 'stories')]);
export const publicPoster = (eb: PostersEb) =>
  eb.and([eb('posters.status', '=', 'published'), subjectConsents(eb, 'posters')]);

export function requireWriter(actor: Actor) {
  if (!mayWriteStories(actor)) throw new AppError('FORBIDDEN', '您的角色不能撰写宣传稿件或制作海报');
  const region = scopeRegion(scopeOf(actor));
  if (!region) throw new AppError('FORBIDDEN', '您的账号没有所属地区，不能撰写宣传稿件');
  return region;
}

/** The county and city bureaus review and publish what was written in their region. */
export function mayPublishIn(actor: Actor, regionCode: string): boolean {
  const scope = scopeOf(actor);
  return mayPublishStories(actor) && scope.kind === 'region' && isRegionWithin(regionCode, scope.regionCode);
}

export function requirePublisher(actor: Actor, regionCode: string) {
  if (!mayPublishStories(actor))
    throw new AppError('FORBIDDEN', '宣传稿件和海报由县级及以上退役军人事务部门审核发布');
  if (!mayPublishIn(actor, regionCode)) throw new AppError('OUT_OF_SCOPE');
}

/** Rows of a region-anchored table the actor sees: region staff their subtree, others what they made. */
export function ownRows(actor: Actor, table: 'stories' | 'posters') {
  const scope = scopeOf(actor);
  return (eb: StoriesEb) =>
    scope.kind === 'region'
      ? regionRowVisibility<DB, 'stories'>(scope, `${table}.regionCode`)(eb)
      : eb(sql.ref<string>(`${table}.createdBy`), '=', actor.accountId);
}

async function regionName(db: Kysely<DB>, code: string): Promise<string> {
  const row = await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst();
  return row?.name ?? '';
}

export async function cityName(db: Kysely<DB>, code: string): Promise<string> {
  return (await regionName(db, `${code.slice(0, 4)}00000000`)) || (await regionName(db, code));
}

/** The subject of a story or poster, checked against what the writer may see; returns its display name. */
export async function findSubject(
  db: Kysely<DB>,
  actor: Actor,
  kind: SubjectKind,
  id: string,
): Promise<{ name: string; consent: boolean }> {
  const scope = scopeOf(actor);
  const missing = () =>
    new AppError('VALIDATION_FAILED', '宣传对象不存在或不在您的管辖范围内', { field: 'subjectId' });
  switch (kind) {
    case 'volunteer': {
      const v = await db
        .selectFrom('volunteers')
        .select(['name', 'publicityConsent'])
        .where('id', '=', id)
        .where(volunteerVisibility(scope))
        .executeTakeFirst();
      if (!v) throw missing();
      return { name: v.name, consent: v.publicityConsent === 1 };
    }
    case 'team': {
      const t = await db
        .selectFrom('teams')
        .select('name')
        .where('id', '=', id)
        .where(teamVisibility(scope))
        .executeTakeFirst();
      if (!t) throw missing();
      return { name: t.name, consent: true };
    }
    case 'activity': {
      const a = await db
        .selectFrom('activities')
        .select('title')
        .where('id', '=', id)
        .where(activityVisibility(scope))
        .executeTakeFirst();
      if (!a) throw missing();
      return { name: a.title, consent: true };
    }
    case 'brand': {
      const b = await db.selectFrom('brands').select('name').where('id', '=', id).executeTakeFirst();
      if (!b) throw missing();
      return { name: b.name, consent: true };
    }
  }
}

export async function requireMedia(db: Kysely<DB>, ids: string[], field: string) {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = await db.selectFrom('publicityMedia').select('id').where('id', 'in', unique).execute();
  if (found.length !== unique.length)
    throw new AppError('VALIDATION_FAILED', '图片不存在，请重新上传', { field });
}

/** A poster with its rendered image's size: the staff list and the portal read the same columns. */
export function posterColumns(db: Kysely<DB>) {
  return db
    .selectFrom('posters')
    .innerJoin('publicityMedia', 'publicityMedia.id', 'posters.imageMediaId')
    .select([
      'posters.id',
      'posters.subjectKind',
      'posters.subjectId',
      'posters.subjectName',
      'posters.template',
      'posters.size',
      'publicityMedia.width',
      'publicityMedia.height',
      'posters.quote',
      'posters.status',
      'posters.regionCode',
      'posters.createdAt',
      'posters.publishedAt',
      'posters.imageMediaId',
    ]);
}

export type PosterRow = Awaited<ReturnType<ReturnType<typeof posterColumns>['executeTakeFirstOrThrow']>>;
