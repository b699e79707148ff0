import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { chinaToday } from '../../shared/dates';
import type {
  HolderKind,
  HonourKind,
  NominationDetail,
  NominationFacts,
  NominationStatus,
  NominationSummary,
} from '../../shared/honours';
import type { Actor } from '../identity/actor';
import { honourReviewLevelOf, mayObjectToNominations } from '../identity/policy';
import { isRegionWithin, regionRowVisibility, scopeOf } from '../identity/scope';
import { countWorkingDays } from '../plans/calendar';
import { holderInScope } from './dossier';
import { listHonoursHeld } from './honours.read';

export interface ListFilter {
  status?: NominationStatus;
  level?: 'city' | 'province' | 'national';
  year?: number;
}

/** Provincial and national honours: the city's step ends in 推荐上报. */
export const reportsUp = (level: string) => level !== 'city';

const nextDay = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * 荣誉激励, the reading side: the catalogue, the nominations the actor may see (scope.ts decides), one
 * nomination with what the viewer may do now, and the honours a holder holds. The steps are in
 * nominations.workflow.ts; files and facts in dossier.ts.
 */
export class HonoursService {
  constructor(private readonly db: Kysely<DB>) {}

  async catalogue(): Promise<HonourKind[]> {
    const rows = await this.db.selectFrom('honourKinds').selectAll().orderBy('sort').execute();
    return rows.map(({ sort: _sort, ...k }) => ({ ...k, reportsUp: reportsUp(k.level) }));
  }

  private visible(actor: Actor) {
    const scope = scopeOf(actor);
    return this.db
      .selectFrom('nominations')
      .innerJoin('honourKinds', 'honourKinds.id', 'nominations.honourId')
      .innerJoin('regions', 'regions.code', 'nominations.regionCode')
      .where((eb) =>
        eb.or([
          regionRowVisibility<DB, 'nominations'>(scope, 'nominations.regionCode')(eb),
          eb('nominations.proposerAccountId', '=', actor.accountId),
          ...(scope.kind === 'team' ? [eb('nominations.proposerTeamId', '=', scope.teamId)] : []),
        ]),
      );
  }

  async list(
    actor: Actor,
    filter: ListFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: NominationSummary[]; total: number; page: number; pageSize: number }> {
    let base = this.visible(actor);
    if (filter.status) base = base.where('nominations.status', '=', filter.status);
    if (filter.level) base = base.where('honourKinds.level', '=', filter.level);
    if (filter.year) base = base.where('nominations.year', '=', filter.year);
    const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await base
      .select([
        'nominations.id',
        'nominations.honourId',
        'honourKinds.name as honourName',
        'honourKinds.level',
        'honourKinds.outcome',
        'nominations.year',
        'nominations.nomineeKind',
        'nominations.nomineeId',
        'nominations.nomineeName',
        'nominations.regionCode',
        'regions.name as regionName',
        'nominations.proposerName',
        'nominations.status',
        'nominations.noticeEndsOn',
        'nominations.roleTaken',
        'nominations.createdAt',
      ])
      .orderBy('nominations.createdAt', 'desc')
      .orderBy('nominations.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { items, total: Number(counted.n), page, pageSize };
  }

  /** The nomination as this actor may see it; NOT_FOUND when it does not exist or is out of sight. */
  async requireVisible(actor: Actor, id: string) {
    const row = await this.visible(actor)
      .selectAll('nominations')
      .select([
        'honourKinds.name as honourName',
        'honourKinds.level',
        'honourKinds.outcome',
        'regions.name as regionName',
      ])
      .where('nominations.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '推荐不存在或不在您的管辖范围内');
    return row;
  }

  /**
   * Working days of 公示 still to run, today included once 公示 has begun (the days counted start the day
   * after it was put up) and the end date included: 1 on the last day, 0 after it.
   */
  private async workingDaysLeft(today: string, startsOn: string | null, end: string): Promise<number> {
    if (today > end) return 0;
    const from = startsOn && today <= startsOn ? nextDay(startsOn) : today;
    return countWorkingDays(this.db, from, end);
  }

  async get(actor: Actor, id: string): Promise<NominationDetail> {
    const row = await this.requireVisible(actor, id);
    const [events, objections, attachments] = await Promise.all([
      this.db
        .selectFrom('nominationEvents')
        .select(['id', 'at', 'actorName', 'action', 'fromStatus', 'toStatus', 'reason'])
        .where('nominationId', '=', id)
        .orderBy('at')
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('nominationObjections')
        .select([
          'id',
          'at',
          'raisedBy',
          'source',
          'content',
          'status',
          'resolution',
          'resolvedBy',
          'resolvedAt',
        ])
        .where('nominationId', '=', id)
        .orderBy('at')
        .execute(),
      this.db
        .selectFrom('nominationAttachments')
        .select(['id', 'fileName', 'mimeType', 'size'])
        .where('nominationId', '=', id)
        .orderBy('uploadedAt')
        .execute(),
    ]);
    const today = chinaToday();
    const level = honourReviewLevelOf(actor);
    const scope = scopeOf(actor);
    const inRegion = scope.kind === 'region' && isRegionWithin(row.regionCode, scope.regionCode);
    const cityHere = level === 'city' && inRegion;
    // The end date is part of 公示: it is over the day after.
    const noticeOver = row.status === 'notice' && !!row.noticeEndsOn && today > row.noticeEndsOn;
    return {
      id: row.id,
      honourId: row.honourId,
      honourName: row.honourName,
      level: row.level,
      outcome: row.outcome,
      year: row.year,
      nomineeKind: row.nomineeKind,
      nomineeId: row.nomineeId,
      nomineeName: row.nomineeName,
      regionCode: row.regionCode,
      regionName: row.regionName,
      proposerName: row.proposerName,
      status: row.status,
      noticeEndsOn: row.noticeEndsOn,
      roleTaken: row.roleTaken,
      createdAt: row.createdAt,
      deeds: row.deeds,
      facts: JSON.parse(row.facts) as NominationFacts,
      noticeDays: row.noticeDays,
      noticeStartsOn: row.noticeStartsOn,
      noticeWorkingDaysLeft:
        row.status === 'notice' && row.noticeEndsOn
          ? await this.workingDaysLeft(today, row.noticeStartsOn, row.noticeEndsOn)
          : null,
      noticeOver,
      decidedOn: row.decidedOn,
      // The history names the objector too: only the city bureau sees who it was.
      events: events.map((e) => (e.action === 'objection' && !cityHere ? { ...e, actorName: null } : e)),
      // Who objected is for the city bureau that resolves objections; others see only where it came from.
      objections: objections.map((o) => ({ ...o, raisedBy: cityHere ? o.raisedBy : null })),
      attachments,
      can: {
        review: inRegion && level && row.status === `${level}_review` ? (level as 'county' | 'city') : null,
        enterOutsideResult: cityHere && row.status === 'reported',
        resolveObjections: cityHere && row.status === 'notice',
        finalize: cityHere && noticeOver && !objections.some((o) => o.status === 'open'),
        object:
          row.status === 'notice' &&
          !!row.noticeEndsOn &&
          today <= row.noticeEndsOn &&
          mayObjectToNominations(actor),
      },
    };
  }

  /**
   * Honours held, for a holder the actor may see. A brand's honours are public knowledge (every county
   * reads the brand and case pages), so only its existence is checked.
   */
  async held(actor: Actor, kind: HolderKind, id: string) {
    if (kind === 'brand') {
      const brand = await this.db.selectFrom('brands').select('id').where('id', '=', id).executeTakeFirst();
      if (!brand) throw new AppError('NOT_FOUND', '品牌不存在');
    } else if (!(await holderInScope(this.db, scopeOf(actor), kind, id)))
      throw new AppError('OUT_OF_SCOPE', '超出您的管辖范围');
    return listHonoursHeld(this.db, { kind, id });
  }
}
