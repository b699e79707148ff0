import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { chinaDate } from '../../shared/dates';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry } from '../identity/policy';
import { activityVisibility, scopeOf, teamVisibility, volunteerVisibility } from '../identity/scope';
import { PrivacyRepo } from '../privacy/privacy.repo';
import { requireWriter, type SubjectKind } from './publicity.shared';

/** 宣传对象: finding who or what a story or poster is about, and recording a volunteer's 宣传授权. */
export class SubjectService {
  constructor(private readonly db: Kysely<DB>) {}

  async setConsent(actor: Actor, volunteerId: string, consent: boolean, context: AuditContext) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN', '您的角色不能记录宣传授权');
    const v = await this.db
      .selectFrom('volunteers')
      .select(['id', 'residenceCode'])
      .where('id', '=', volunteerId)
      .executeTakeFirst();
    if (!v) throw new AppError('NOT_FOUND', '志愿者不存在');
    const seen = await this.db
      .selectFrom('volunteers')
      .select('id')
      .where('id', '=', volunteerId)
      .where(volunteerVisibility(scopeOf(actor)))
      .executeTakeFirst();
    if (!seen) throw new AppError('OUT_OF_SCOPE');
    // A person who has been deleted (anonymised) cannot be featured again.
    if (consent && (await new PrivacyRepo(this.db).isErased(volunteerId)))
      throw new AppError('CONFLICT', '该志愿者已注销，不能再记录宣传授权');
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('volunteers')
        .set({
          publicityConsent: consent ? 1 : 0,
          publicityConsentAt: now,
          publicityConsentBy: actor.accountId,
          updatedAt: now,
        })
        .where('id', '=', volunteerId)
        .execute();
      // Without consent nothing about them stays public.
      const withdrawn = consent
        ? 0
        : Number(
            (
              await tx
                .updateTable('posters')
                .set({ status: 'saved' })
                .where('subjectKind', '=', 'volunteer')
                .where('subjectId', '=', volunteerId)
                .where('status', '=', 'published')
                .executeTakeFirst()
            ).numUpdatedRows,
          );
      await new AuditRepo(tx).write(context, {
        action: consent ? 'publicity.consent.grant' : 'publicity.consent.revoke',
        result: 'success',
        targetType: 'volunteer',
        targetId: volunteerId,
        regionCode: v.residenceCode,
        detail: consent ? {} : { postersWithdrawn: withdrawn },
      });
    });
    return { consent, consentAt: now };
  }

  /** Pickers for the story editor and the poster page: what the caller may see, by name. */
  async searchSubjects(actor: Actor, kind: SubjectKind, q: string) {
    requireWriter(actor);
    const scope = scopeOf(actor);
    const like = `%${q.replace(/[%_\\]/g, '')}%`;
    switch (kind) {
      case 'volunteer': {
        const rows = await this.db
          .selectFrom('volunteers')
          .select(['id', 'name', 'volunteerNo', 'publicityConsent', 'publicityConsentAt'])
          .where(volunteerVisibility(scope))
          .where((eb) => eb.or([eb('name', 'like', like), eb('volunteerNo', 'like', like)]))
          .orderBy('name')
          .limit(20)
          .execute();
        return rows.map((r) => ({
          id: r.id,
          name: r.name,
          hint: r.volunteerNo,
          consent: r.publicityConsent === 1,
          consentAt: r.publicityConsentAt,
        }));
      }
      case 'team': {
        const rows = await this.db
          .selectFrom('teams')
          .innerJoin('regions', 'regions.code', 'teams.regionCode')
          .select(['teams.id', 'teams.name', 'regions.name as regionName'])
          .where(teamVisibility(scope))
          .where('teams.name', 'like', like)
          .orderBy('teams.name')
          .limit(20)
          .execute();
        return rows.map((r) => ({
          id: r.id,
          name: r.name,
          hint: r.regionName,
          consent: null,
          consentAt: null,
        }));
      }
      case 'activity': {
        const rows = await this.db
          .selectFrom('activities')
          .select(['id', 'title', 'startsAt'])
          .where(activityVisibility(scope))
          .where('title', 'like', like)
          .orderBy('startsAt', 'desc')
          .limit(20)
          .execute();
        return rows.map((r) => ({
          id: r.id,
          name: r.title,
          hint: chinaDate(r.startsAt),
          consent: null,
          consentAt: null,
        }));
      }
      case 'brand': {
        const rows = await this.db
          .selectFrom('brands')
          .innerJoin('regions', 'regions.code', 'brands.countyCode')
          .select(['brands.id', 'brands.name', 'regions.name as regionName'])
          .where('brands.name', 'like', like)
          .orderBy('brands.name')
          .limit(20)
          .execute();
        return rows.map((r) => ({
          id: r.id,
          name: r.name,
          hint: r.regionName,
          consent: null,
          consentAt: null,
        }));
      }
    }
  }
}
