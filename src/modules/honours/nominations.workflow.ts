import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tx } from '../../db/database';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { chinaToday } from '../../shared/dates';
import { DEFAULT_NOTICE_DAYS, type HolderKind, type NominationStatus } from '../../shared/honours';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { honourReviewLevelOf, mayNominate, mayObjectToNominations } from '../identity/policy';
import { isRegionWithin, scopeOf } from '../identity/scope';
import { addWorkingDays } from '../plans/calendar';
import { factsOf, holderInScope } from './dossier';
import { HonoursService, reportsUp } from './honours.service';

export interface NominationInput {
  honourId: string;
  year: number;
  nomineeKind: HolderKind;
  nomineeId: string;
  deeds: string;
}

let lastEventMs = 0;

/**
 * The time of a new event: now, but always after the previous event of this process, so that two
 * events of one step (a city approval and the start of 公示) keep their order in the history, which is
 * sorted by time (ids are random).
 */
function eventTime(): string {
  lastEventMs = Math.max(Date.now(), lastEventMs + 1);
  return new Date(lastEventMs).toISOString();
}

export async function recordEvent(
  tx: Tx,
  actor: Actor | null,
  nominationId: string,
  action: string,
  fromStatus: string | null,
  toStatus: string | null,
  reason: string | null,
  at = eventTime(),
) {
  await tx
    .insertInto('nominationEvents')
    .values({
      id: randomUUID(),
      nominationId,
      at,
      accountId: actor?.accountId ?? null,
      actorName: actor?.displayName ?? null,
      action,
      fromStatus,
      toStatus,
      reason,
    })
    .execute();
}

/** Loads the row inside the transaction and checks the expected status (CONFLICT otherwise). */
export async function lockAt(
  tx: Tx,
  id: string,
  expected: NominationStatus[],
  notHere = '推荐已不在这一步，请刷新后重试',
) {
  const row = await tx
    .selectFrom('nominations')
    .innerJoin('honourKinds', 'honourKinds.id', 'nominations.honourId')
    .selectAll('nominations')
    .select(['honourKinds.name as honourName', 'honourKinds.level', 'honourKinds.outcome'])
    .where('nominations.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '推荐不存在');
  if (!expected.includes(row.status)) throw new AppError('CONFLICT', notHere);
  const moved = await tx
    .updateTable('nominations')
    .set({ updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .where('status', '=', row.status)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '推荐已被他人处理，请刷新后重试');
  return row;
}

/**
 * 荣誉推荐与评审: propose, county and city review, the outside result, 公示 with its objections, and the
 * final result. Who may act and at which level comes from policy.ts; what they may see from scope.ts.
 * Every step runs in one transaction that takes the nomination's row first, with its event and audit entry.
 */
export class NominationWorkflow {
  private readonly reads: HonoursService;
  constructor(private readonly db: Kysely<DB>) {
    this.reads = new HonoursService(db);
  }

  private async kind(id: string) {
    const k = await this.db.selectFrom('honourKinds').selectAll().where('id', '=', id).executeTakeFirst();
    if (!k) throw new AppError('VALIDATION_FAILED', '荣誉项目不存在', { field: 'honourId' });
    return k;
  }

  async propose(actor: Actor, input: NominationInput, context: AuditContext): Promise<string> {
    if (!mayNominate(actor)) throw new AppError('FORBIDDEN', '您的账号不能提出荣誉推荐');
    const kind = await this.kind(input.honourId);
    if (kind.honours !== input.nomineeKind)
      throw new AppError('VALIDATION_FAILED', '该荣誉的推荐对象类型不符', { field: 'nomineeKind' });
    const scope = scopeOf(actor);
    const holder = await holderInScope(this.db, scope, input.nomineeKind, input.nomineeId);
    if (!holder) throw new AppError('OUT_OF_SCOPE', '被推荐对象不在您的管辖范围内', { field: 'nomineeId' });
    const facts = await factsOf(this.db, input.nomineeKind, input.nomineeId);
    // A county (or the city) proposing has done the county's part itself; a holder registered at the city
    // itself has no county above it, so its nomination goes straight to the city.
    const holderRegion = await this.db
      .selectFrom('regions')
      .select('level')
      .where('code', '=', holder.regionCode)
      .executeTakeFirst();
    const level = honourReviewLevelOf(actor);
    const status: NominationStatus =
      level || holderRegion?.level === 'city' ? 'city_review' : 'county_review';
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      // Checked here for a clear message; the partial unique index settles a race (CONFLICT as well).
      const open = await tx
        .selectFrom('nominations')
        .select('id')
        .where('honourId', '=', input.honourId)
        .where('nomineeKind', '=', input.nomineeKind)
        .where('nomineeId', '=', input.nomineeId)
        .where('year', '=', input.year)
        .where('status', 'not in', ['rejected', 'not_awarded'])
        .executeTakeFirst();
      if (open)
        throw new AppError('CONFLICT', '该对象本年度已有同一荣誉的推荐', {
          field: 'nomineeId',
          details: { id: open.id },
        });
      await tx
        .insertInto('nominations')
        .values({
          id,
          honourId: input.honourId,
          year: input.year,
          nomineeKind: input.nomineeKind,
          nomineeId: input.nomineeId,
          nomineeName: holder.name,
          regionCode: holder.regionCode,
          proposerAccountId: actor.accountId,
          proposerName: actor.displayName,
          proposerTeamId: actor.teamId,
          deeds: input.deeds,
          facts: JSON.stringify(facts),
          status,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await recordEvent(tx, actor, id, 'propose', null, status, null, now);
      await new AuditRepo(tx).write(context, {
        action: 'honour.nominate',
        result: 'success',
        targetType: 'nomination',
        targetId: id,
        regionCode: holder.regionCode,
        detail: { honour: kind.name, nominee: holder.name, status },
      });
    });
    return id;
  }

  /** The region staff of this level over this nomination; else FORBIDDEN / OUT_OF_SCOPE. */
  private requireReviewer(actor: Actor, regionCode: string, level: 'county' | 'city') {
    const own = honourReviewLevelOf(actor);
    if (!own) throw new AppError('FORBIDDEN', '您的账号不承担荣誉推荐审核');
    if (own !== level)
      throw new AppError('FORBIDDEN', level === 'county' ? '这一步由县级审核' : '这一步由市级审核', {
        field: 'level',
      });
    const scope = scopeOf(actor);
    if (scope.kind !== 'region' || !isRegionWithin(regionCode, scope.regionCode))
      throw new AppError('OUT_OF_SCOPE', '该推荐不在您的管辖范围内');
  }

  private async startNotice(tx: Tx, actor: Actor, id: string, from: NominationStatus, days: number) {
    const starts = chinaToday();
    const ends = await addWorkingDays(tx, starts, days);
    await tx
      .updateTable('nominations')
      .set({ status: 'notice', noticeDays: days, noticeStartsOn: starts, noticeEndsOn: ends })
      .where('id', '=', id)
      .execute();
    await recordEvent(tx, actor, id, 'notice_start', from, 'notice', `公示 ${days} 个工作日，至 ${ends}`);
    return ends;
  }

  async review(
    actor: Actor,
    id: string,
    input: { level: 'county' | 'city'; decision: 'approve' | 'reject'; reason: string; noticeDays?: number },
    context: AuditContext,
  ): Promise<void> {
    const seen = await this.reads.requireVisible(actor, id);
    this.requireReviewer(actor, seen.regionCode, input.level);
    await this.db.transaction().execute(async (tx) => {
      const row = await lockAt(tx, id, [`${input.level}_review`]);
      let to: NominationStatus;
      if (input.decision === 'reject') to = 'rejected';
      else if (input.level === 'county') to = 'city_review';
      else to = reportsUp(row.level) ? 'reported' : 'notice';
      await tx
        .updateTable('nominations')
        .set({
          status: to === 'notice' ? row.status : to,
          ...(to === 'rejected' ? { decidedOn: chinaToday() } : {}),
        })
        .where('id', '=', id)
        .execute();
      await recordEvent(
        tx,
        actor,
        id,
        `${input.level}_${input.decision}`,
        row.status,
        to === 'notice' ? 'notice' : to,
        input.reason,
      );
      let noticeEndsOn: string | undefined;
      if (to === 'notice') {
        noticeEndsOn = await this.startNotice(
          tx,
          actor,
          id,
          row.status,
          input.noticeDays ?? DEFAULT_NOTICE_DAYS,
        );
      } else if (to === 'reported') {
        await recordEvent(
          tx,
          actor,
          id,
          'report',
          'city_review',
          'reported',
          `向${row.level === 'national' ? '国家' : '省'}级推荐上报`,
        );
      }
      await new AuditRepo(tx).write(context, {
        action: `honour.review.${input.level}`,
        result: 'success',
        targetType: 'nomination',
        targetId: id,
        regionCode: row.regionCode,
        detail: { decision: input.decision, to, reason: input.reason, noticeEndsOn },
      });
    });
  }

  /** 推荐上报之后: the outside body's result, entered by the city. */
  async outsideResult(
    actor: Actor,
    id: string,
    input: { selected: boolean; note: string; noticeDays?: number },
    context: AuditContext,
  ): Promise<void> {
    const seen = await this.reads.requireVisible(actor, id);
    this.requireReviewer(actor, seen.regionCode, 'city');
    await this.db.transaction().execute(async (tx) => {
      const row = await lockAt(tx, id, ['reported']);
      let noticeEndsOn: string | undefined;
      if (input.selected) {
        await recordEvent(tx, actor, id, 'outside_approve', 'reported', 'notice', input.note);
        noticeEndsOn = await this.startNotice(
          tx,
          actor,
          id,
          'reported',
          input.noticeDays ?? DEFAULT_NOTICE_DAYS,
        );
      } else {
        await tx
          .updateTable('nominations')
          .set({ status: 'not_awarded', decidedOn: chinaToday() })
          .where('id', '=', id)
          .execute();
        await recordEvent(tx, actor, id, 'outside_reject', 'reported', 'not_awarded', input.note);
      }
      await new AuditRepo(tx).write(context, {
        action: 'honour.outside_result',
        result: 'success',
        targetType: 'nomination',
        targetId: id,
        regionCode: row.regionCode,
        detail: { selected: input.selected, note: input.note, noticeEndsOn },
      });
    });
  }

  /** An objection during 公示, from a business account that can see the nomination. */
  async object(actor: Actor, id: string, input: { content: string }, context: AuditContext): Promise<string> {
    if (!mayObjectToNominations(actor)) throw new AppError('FORBIDDEN', '您的账号不能对公示提出异议');
    // Not there and not visible read the same.
    await this.reads.requireVisible(actor, id);
    const oid = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      const locked = await lockAt(tx, id, ['notice'], '只能在公示期内提出异议');
      // The end date is the last day of 公示.
      if (locked.noticeEndsOn && chinaToday() > locked.noticeEndsOn)
        throw new AppError('CONFLICT', `公示已于 ${locked.noticeEndsOn} 结束，不能再提出异议`);
      const now = new Date().toISOString();
      await tx
        .insertInto('nominationObjections')
        .values({
          id: oid,
          nominationId: id,
          at: now,
          accountId: actor.accountId,
          raisedBy: actor.displayName,
          source: 'staff',
          content: input.content,
          status: 'open',
        })
        .execute();
      await recordEvent(tx, actor, id, 'objection', 'notice', 'notice', input.content);
      await new AuditRepo(tx).write(context, {
        action: 'honour.objection.add',
        result: 'success',
        targetType: 'nomination',
        targetId: id,
        regionCode: locked.regionCode,
        detail: { objectionId: oid },
      });
    });
    return oid;
  }

  async resolveObjection(
    actor: Actor,
    id: string,
    objectionId: string,
    input: { outcome: 'upheld' | 'dismissed'; resolution: string },
    context: AuditContext,
  ): Promise<void> {
    const seen = await this.reads.requireVisible(actor, id);
    this.requireReviewer(actor, seen.regionCode, 'city');
    await this.db.transaction().execute(async (tx) => {
      const row = await lockAt(tx, id, ['notice']);
      const done = await tx
        .updateTable('nominationObjections')
        .set({
          status: input.outcome,
          resolution: input.resolution,
          resolvedBy: actor.displayName,
          resolvedAt: new Date().toISOString(),
        })
        .where('id', '=', objectionId)
        .where('nominationId', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '异议不存在或已处理');
      await recordEvent(tx, actor, id, `objection_${input.outcome}`, 'notice', 'notice', input.resolution);
      await new AuditRepo(tx).write(context, {
        action: 'honour.objection.resolve',
        result: 'success',
        targetType: 'nomination',
        targetId: id,
        regionCode: row.regionCode,
        detail: { objectionId, outcome: input.outcome },
      });
    });
  }

  /** After 公示: awarded (or, for 基层社会治理, the post taken up) or not. */
  async finalize(
    actor: Actor,
    id: string,
    input: { awarded: boolean; reason: string; roleTaken?: string },
    context: AuditContext,
  ): Promise<void> {
    const seen = await this.reads.requireVisible(actor, id);
    this.requireReviewer(actor, seen.regionCode, 'city');
    await this.db.transaction().execute(async (tx) => {
      const row = await lockAt(tx, id, ['notice']);
      const today = chinaToday();
      // The end date is part of 公示: the result is decided from the day after.
      if (!row.noticeEndsOn || today <= row.noticeEndsOn)
        throw new AppError('CONFLICT', `公示期至 ${row.noticeEndsOn ?? ''}（含当日），期满后方可确定结果`);
      if (input.awarded) {
        const unsettled = await tx
          .selectFrom('nominationObjections')
          .select('status')
          .where('nominationId', '=', id)
          .where('status', 'in', ['open', 'upheld'])
          .execute();
        if (unsettled.some((o) => o.status === 'open'))
          throw new AppError('CONFLICT', '公示期内的异议尚未处理完毕');
        if (unsettled.length)
          throw new AppError('CONFLICT', '公示期内有异议经核查成立，不能授予', { field: 'awarded' });
        if (row.outcome === 'role' && !input.roleTaken)
          throw new AppError('VALIDATION_FAILED', '请填写担任的职务（如村委会委员、网格员）', {
            field: 'roleTaken',
          });
      }
      const to: NominationStatus = input.awarded ? 'awarded' : 'not_awarded';
      await tx
        .updateTable('nominations')
        .set({
          status: to,
          decidedOn: today,
          roleTaken: input.awarded && row.outcome === 'role' ? (input.roleTaken ?? null) : null,
        })
        .where('id', '=', id)
        .execute();
      const note =
        input.awarded && row.outcome === 'role' ? `担任${input.roleTaken}；${input.reason}` : input.reason;
      await recordEvent(tx, actor, id, input.awarded ? 'award' : 'not_award', 'notice', to, note);
      await new AuditRepo(tx).write(context, {
        action: 'honour.finalize',
        result: 'success',
        targetType: 'nomination',
        targetId: id,
        regionCode: row.regionCode,
        detail: { awarded: input.awarded, roleTaken: input.roleTaken, reason: input.reason },
      });
    });
  }
}
