import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * 宣传授权 from the volunteer's side: what features them, and taking it back. Consent is one flag on the
 * person (checked again on every public read), so clearing it takes every story about them off the portal
 * at once; their published posters go back to 'saved'.
 */
export async function featuredIn(db: Executor, volunteerId: string) {
  const [stories, posters, consent] = await Promise.all([
    db
      .selectFrom('stories')
      .select(['id', 'title', 'status', 'publishedAt', 'createdBy', 'regionCode'])
      .where('subjectKind', '=', 'volunteer')
      .where('subjectId', '=', volunteerId)
      .orderBy('createdAt', 'desc')
      .execute(),
    db
      .selectFrom('posters')
      .select(['id', 'subjectName', 'status', 'publishedAt', 'createdBy', 'regionCode'])
      .where('subjectKind', '=', 'volunteer')
      .where('subjectId', '=', volunteerId)
      .orderBy('createdAt', 'desc')
      .execute(),
    db.selectFrom('volunteers').select('publicityConsent').where('id', '=', volunteerId).executeTakeFirst(),
  ]);
  const consented = consent?.publicityConsent === 1;
  return [
    ...stories.map((s) => ({
      kind: 'story' as const,
      id: s.id,
      title: s.title,
      public: consented && s.status === 'published',
      publishedAt: s.publishedAt,
      createdBy: s.createdBy,
      regionCode: s.regionCode,
    })),
    ...posters.map((p) => ({
      kind: 'poster' as const,
      id: p.id,
      title: `风采海报：${p.subjectName}`,
      public: consented && p.status === 'published',
      publishedAt: p.publishedAt,
      createdBy: p.createdBy,
      regionCode: p.regionCode,
    })),
  ];
}

/** Clears the consent (recording when and by whom) and takes the person's posters off the portal. */
export async function withdrawConsent(
  tx: Executor,
  volunteerId: string,
  byAccountId: string,
  now = new Date().toISOString(),
): Promise<{ postersWithdrawn: number }> {
  await tx
    .updateTable('volunteers')
    .set({ publicityConsent: 0, publicityConsentAt: now, publicityConsentBy: byAccountId, updatedAt: now })
    .where('id', '=', volunteerId)
    .execute();
  const posters = await tx
    .updateTable('posters')
    .set({ status: 'saved' })
    .where('subjectKind', '=', 'volunteer')
    .where('subjectId', '=', volunteerId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return { postersWithdrawn: Number(posters.numUpdatedRows) };
}

/**
 * On deletion: consent withdrawn, the person's name taken out of the stories about them, and their posters
 * (the rendered picture carries name and photo) deleted with the images no other story or poster uses.
 */
export async function erasePublicity(
  tx: Transaction<DB>,
  volunteerId: string,
  placeholderName: string,
  byAccountId: string,
): Promise<{ storiesRenamed: number; postersDeleted: number }> {
  await withdrawConsent(tx, volunteerId, byAccountId);
  const stories = await tx
    .updateTable('stories')
    .set({ subjectName: placeholderName })
    .where('subjectKind', '=', 'volunteer')
    .where('subjectId', '=', volunteerId)
    .executeTakeFirst();
  const posters = await tx
    .selectFrom('posters')
    .select(['id', 'imageMediaId', 'photoMediaId'])
    .where('subjectKind', '=', 'volunteer')
    .where('subjectId', '=', volunteerId)
    .execute();
  if (posters.length) {
    await tx
      .deleteFrom('posters')
      .where(
        'id',
        'in',
        posters.map((p) => p.id),
      )
      .execute();
    const media = [...new Set(posters.flatMap((p) => [p.imageMediaId, p.photoMediaId]))].filter(
      (m): m is string => !!m,
    );
    for (const id of media) {
      const used = await tx
        .selectFrom('posters')
        .select('id')
        .where((eb) => eb.or([eb('imageMediaId', '=', id), eb('photoMediaId', '=', id)]))
        .unionAll(tx.selectFrom('stories').select('id').where('coverMediaId', '=', id))
        .unionAll(tx.selectFrom('storyMedia').select('storyId as id').where('mediaId', '=', id))
        .executeTakeFirst();
      if (!used) await tx.deleteFrom('publicityMedia').where('id', '=', id).execute();
    }
  }
  return { storiesRenamed: Number(stories.numUpdatedRows), postersDeleted: posters.length };
}
