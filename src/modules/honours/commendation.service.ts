import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { Commendation } from '../../shared/honours';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayHoldCommendation } from '../identity/policy';
import { regionRowVisibility, scopeOf } from '../identity/scope';

/** 年度表彰大会: the meeting the city holds, with its lists built from the year's awards. */
export class CommendationService {
  constructor(private readonly db: Kysely<DB>) {}

  private requireCity(actor: Actor) {
    if (!mayHoldCommendation(actor)) throw new AppError('FORBIDDEN', '年度表彰由市退役军人事务局组织');
  }

  async commendations(actor: Actor) {
    this.requireCity(actor);
    return this.db.selectFrom('commendations').selectAll().orderBy('year', 'desc').execute();
  }

  async commendation(actor: Actor, year: number): Promise<Commendation> {
    this.requireCity(actor);
    const scope = scopeOf(actor);
    const saved = await this.db
      .selectFrom('commendations')
      .selectAll()
      .where('year', '=', year)
      .executeTakeFirst();
    const awards = await this.db
      .selectFrom('nominations')
      .innerJoin('honourKinds', 'honourKinds.id', 'nominations.honourId')
      .innerJoin('regions', 'regions.code', 'nominations.regionCode')
      .select([
        'nominations.nomineeName as name',
        'nominations.nomineeKind as kind',
        'honourKinds.name as honour',
        'regions.name as regionName',
        'nominations.regionCode',
      ])
      .where('nominations.year', '=', year)
      .where('nominations.status', '=', 'awarded')
      .where('honourKinds.outcome', '=', 'award')
      .where((eb) => regionRowVisibility<DB, 'nominations'>(scope, 'nominations.regionCode')(eb))
      .orderBy('honourKinds.sort')
      .orderBy('nominations.regionCode')
      .orderBy('nominations.nomineeName')
      .execute();
    const strip = ({ regionCode: _r, ...a }: (typeof awards)[number]) => a;
    return {
      year,
      title: saved?.title ?? `${year}年度邯郸市退役军人志愿服务表彰大会`,
      heldOn: saved?.heldOn ?? '',
      place: saved?.place ?? '',
      notes: saved?.notes ?? '',
      saved: !!saved,
      units: awards.filter((a) => a.kind !== 'volunteer').map(strip),
      individuals: awards.filter((a) => a.kind === 'volunteer').map(strip),
    };
  }

  async saveCommendation(
    actor: Actor,
    year: number,
    input: { title: string; heldOn: string; place: string; notes: string },
    context: AuditContext,
  ): Promise<void> {
    this.requireCity(actor);
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const exists = await tx
        .selectFrom('commendations')
        .select('year')
        .where('year', '=', year)
        .executeTakeFirst();
      if (exists)
        await tx
          .updateTable('commendations')
          .set({ ...input, updatedBy: actor.accountId, updatedAt: now })
          .where('year', '=', year)
          .execute();
      else
        await tx
          .insertInto('commendations')
          .values({ year, ...input, updatedBy: actor.accountId, createdAt: now, updatedAt: now })
          .execute();
      await new AuditRepo(tx).write(context, {
        action: 'honour.commendation.save',
        result: 'success',
        targetType: 'commendation',
        targetId: String(year),
        regionCode: actor.regionCode,
        detail: { title: input.title, heldOn: input.heldOn },
      });
    });
  }
}
