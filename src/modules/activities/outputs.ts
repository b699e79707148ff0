import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { DB } from '../../db/types';
import { outputKinds, type OutputKind } from '../../shared/activities';
import { chinaYearBounds } from '../../shared/dates';
import { subtreeBounds } from '../identity/scope';

/** The activities whose outputs count: held or being held (drafts and cancelled ones do not). */
export const countedActivityStatuses = ['published', 'ongoing', 'completed'] as const;

export interface OutputsFilter {
  /** Activities organised by one of these teams. */
  organisedBy?: string[];
  /** Activities organised or joined (集中统一活动) by one of these teams. */
  involving?: string[];
  /** Activities organised or joined by a team of this brand. */
  brandId?: string;
  /** Activities held in this region's subtree. */
  regionCode?: string;
  /** A Beijing-time calendar year of the activity's start. */
  year?: number;
  /** Start instants [from, to), UTC ISO strings. */
  from?: string;
  to?: string;
  /** An extra condition on `activities`, e.g. the caller's visibility. */
  where?: (eb: ExpressionBuilder<DB, 'activities'>) => Expression<SqlBool>;
}

export interface OutputsResult {
  /** Counted activities matching the filter. */
  activities: number;
  /** Per output kind (in catalogue order, only those recorded): the sum and how many activities had it. */
  totals: { kind: OutputKind; quantity: number; activities: number }[];
}

/**
 * The one way activity outputs are added up (activity pages, brands, reports): over activities that are
 * published, ongoing or completed and match the filter.
 */
export async function outputsOf(db: Kysely<DB>, filter: OutputsFilter): Promise<OutputsResult> {
  let q = db.selectFrom('activities').where('activities.status', 'in', [...countedActivityStatuses]);
  if (filter.organisedBy) {
    if (filter.organisedBy.length === 0) return { activities: 0, totals: [] };
    q = q.where('activities.teamId', 'in', filter.organisedBy);
  }
  if (filter.involving) {
    const teamIds = filter.involving;
    if (teamIds.length === 0) return { activities: 0, totals: [] };
    q = q.where((eb) =>
      eb.or([
        eb('activities.teamId', 'in', teamIds),
        eb.exists(
          eb
            .selectFrom('activityTeams as it')
            .select('it.teamId')
            .whereRef('it.activityId', '=', 'activities.id')
            .where('it.teamId', 'in', teamIds),
        ),
      ]),
    );
  }
  if (filter.brandId) {
    const brandId = filter.brandId;
    q = q.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('brandTeams as ob')
            .select('ob.teamId')
            .whereRef('ob.teamId', '=', 'activities.teamId')
            .where('ob.brandId', '=', brandId),
        ),
        eb.exists(
          eb
            .selectFrom('activityTeams as bt')
            .innerJoin('brandTeams', 'brandTeams.teamId', 'bt.teamId')
            .select('bt.teamId')
            .whereRef('bt.activityId', '=', 'activities.id')
            .where('brandTeams.brandId', '=', brandId),
        ),
      ]),
    );
  }
  if (filter.regionCode) {
    const { lo, hi } = subtreeBounds(filter.regionCode);
    q = q.where('activities.regionCode', '>=', lo).where('activities.regionCode', '<=', hi);
  }
  if (filter.year !== undefined) {
    const { from, to } = chinaYearBounds(filter.year);
    q = q.where('activities.startsAt', '>=', from).where('activities.startsAt', '<', to);
  }
  if (filter.from) q = q.where('activities.startsAt', '>=', filter.from);
  if (filter.to) q = q.where('activities.startsAt', '<', filter.to);
  if (filter.where) q = q.where(filter.where);
  const ids = q.select('activities.id');
  const [count, sums] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('activityOutputs')
      .select([
        'kind',
        (eb) => eb.fn.sum<number | string>('quantity').as('quantity'),
        (eb) => eb.fn.countAll<number | string>().as('activities'),
      ])
      .where('activityId', 'in', ids)
      .groupBy('kind')
      .execute(),
  ]);
  return {
    activities: Number(count.n),
    totals: outputKinds
      .map((k) => sums.find((s) => s.kind === k))
      .filter((s) => !!s)
      .map((s) => ({
        kind: s.kind as OutputKind,
        quantity: Number(s.quantity),
        activities: Number(s.activities),
      })),
  };
}
