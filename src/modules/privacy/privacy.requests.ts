import type { Kysely, Transaction } from 'kysely';
import type { DB, VolunteerRow } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayErasePersonalData, mayKeepRegistry } from '../identity/policy';
import { scopeOf } from '../identity/scope';
import { VolunteersService } from '../volunteers/volunteers.service';
import { anonymise } from './privacy.anonymise';
import { Corrections } from './privacy.corrections';
import {
  correctableFieldLabels,
  correctableFields,
  erasedNameOf,
  type StaffPrivacyRequest,
} from './privacy.schemas';
import { PrivacyRepo } from './privacy.repo';

/**
 * 个人信息请求, the staff's side: staff whose scope covers the person see and decide; a correction is
 * applied with the registry's own rules (validation, encryption, uniqueness), deletion anonymises the person
 * while their service stays counted.
 */
export class PrivacyRequestsService {
  private readonly record: Corrections;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {
    this.record = new Corrections(db, crypto);
  }

  async list(actor: Actor, status: 'pending' | 'done'): Promise<StaffPrivacyRequest[]> {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN', '您的角色不能办理个人信息请求');
    const rows = await new PrivacyRepo(this.db).listVisible(scopeOf(actor), status === 'pending');
    const volunteers = new Map<string, VolunteerRow>();
    for (const r of rows)
      if (!volunteers.has(r.volunteerId))
        volunteers.set(r.volunteerId, await this.record.volunteer(r.volunteerId));
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        volunteerId: r.volunteerId,
        volunteerNo: r.volunteerNo,
        volunteerName: r.volunteerName,
        regionName: r.regionName,
        changes:
          r.kind === 'correction' && r.status === 'pending'
            ? await this.record.changeViews(
                volunteers.get(r.volunteerId)!,
                this.record.readChanges(r.changesEnc),
                true,
              )
            : r.fields
                .split(',')
                .filter((f): f is (typeof correctableFields)[number] =>
                  (correctableFields as readonly string[]).includes(f),
                )
                .map((f) => ({ field: f, label: correctableFieldLabels[f], from: '', to: '' })),
        reason: r.reason,
        createdAt: r.createdAt,
        decidedAt: r.decidedAt,
        deciderName: r.deciderName,
        decisionNote: r.decisionNote,
        mayDecide:
          r.status === 'pending' &&
          (r.kind === 'correction' ? mayKeepRegistry(actor) : mayErasePersonalData(actor)),
      })),
    );
  }

  /** The request, if the caller's scope covers the person (scope.ts via the volunteers service). */
  private async requireRequest(actor: Actor, id: string) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN', '您的角色不能办理个人信息请求');
    const request = await new PrivacyRepo(this.db).find(id);
    if (!request) throw new AppError('NOT_FOUND', '申请不存在');
    await new VolunteersService(this.db, this.crypto).requireVisible(actor, request.volunteerId);
    if (request.status !== 'pending') throw new AppError('CONFLICT', '该申请已办理');
    if (request.kind === 'erasure' && !mayErasePersonalData(actor))
      throw new AppError('FORBIDDEN', '注销申请由县级及以上退役军人事务部门确认办理');
    return request;
  }

  private async tellVolunteer(tx: Transaction<DB>, volunteerId: string, title: string, body: string) {
    const repo = new PrivacyRepo(tx);
    const accounts = (await repo.volunteerAccounts(volunteerId)).filter((a) => a.status === 'active');
    await repo.notify(
      accounts.map((a) => a.id),
      { template: 'privacy_decided', title, body, link: '/me/privacy' },
    );
  }

  async accept(actor: Actor, id: string, note: string | undefined, context: AuditContext) {
    const request = await this.requireRequest(actor, id);
    if (request.kind !== 'correction')
      throw new AppError('VALIDATION_FAILED', '注销申请须输入姓名确认后办理');
    const row = await this.record.volunteer(request.volunteerId);
    const changes = this.record.readChanges(request.changesEnc);
    await this.db.transaction().execute(async (tx) => {
      await this.record.apply(tx, row, changes);
      if (
        !(await new PrivacyRepo(tx).decide(
          id,
          'accepted',
          { accountId: actor.accountId, name: actor.displayName },
          note || null,
        ))
      )
        throw new AppError('CONFLICT', '该申请已办理');
      await new AuditRepo(tx).write(context, {
        action: 'privacy.correction.accept',
        result: 'success',
        targetType: 'volunteer',
        targetId: request.volunteerId,
        regionCode: row.residenceCode,
        detail: { requestId: id, fields: request.fields.split(',') },
      });
      await this.tellVolunteer(tx, request.volunteerId, '个人信息已更正', '您申请的个人信息更正已办理完成。');
    });
    return { id, status: 'accepted' as const };
  }

  async reject(actor: Actor, id: string, reason: string, context: AuditContext) {
    const request = await this.requireRequest(actor, id);
    await this.db.transaction().execute(async (tx) => {
      if (
        !(await new PrivacyRepo(tx).decide(
          id,
          'rejected',
          { accountId: actor.accountId, name: actor.displayName },
          reason,
        ))
      )
        throw new AppError('CONFLICT', '该申请已办理');
      await new AuditRepo(tx).write(context, {
        action: request.kind === 'correction' ? 'privacy.correction.reject' : 'privacy.erasure.reject',
        result: 'success',
        targetType: 'volunteer',
        targetId: request.volunteerId,
        regionCode: request.regionCode,
        detail: { requestId: id },
      });
      await this.tellVolunteer(
        tx,
        request.volunteerId,
        request.kind === 'correction' ? '个人信息更正未通过' : '注销申请未通过',
        `您的申请未予办理，理由：${reason}`,
      );
    });
    return { id, status: 'rejected' as const };
  }

  /**
   * 注销, confirmed by a bureau typing the registered name: the person is anonymised (privacy.anonymise.ts)
   * and the request decided in one transaction.
   */
  async confirmErasure(
    actor: Actor,
    id: string,
    confirmName: string,
    note: string | undefined,
    context: AuditContext,
  ) {
    const request = await this.requireRequest(actor, id);
    if (request.kind !== 'erasure') throw new AppError('VALIDATION_FAILED', '这不是注销申请');
    const row = await this.record.volunteer(request.volunteerId);
    if (confirmName !== row.name)
      throw new AppError('VALIDATION_FAILED', '请完整输入该志愿者登记的姓名以确认注销', {
        field: 'confirmName',
      });
    const placeholder = erasedNameOf(row.id);
    let summary: Record<string, number> = {};
    await this.db.transaction().execute(async (tx) => {
      summary = await anonymise(tx, this.crypto, row, placeholder, actor.accountId);
      if (
        !(await new PrivacyRepo(tx).decide(
          id,
          'accepted',
          { accountId: actor.accountId, name: actor.displayName },
          note || null,
        ))
      )
        throw new AppError('CONFLICT', '该申请已办理');
      await new AuditRepo(tx).write(context, {
        action: 'privacy.erasure.complete',
        result: 'success',
        targetType: 'volunteer',
        targetId: row.id,
        regionCode: row.residenceCode,
        detail: { requestId: id, ...summary },
      });
    });
    return { id, status: 'accepted' as const, name: placeholder };
  }
}
