import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { fromFlag } from '../../db/database';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskIdCard } from '../../server/security/mask';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { featuredIn, withdrawConsent } from '../publicity/consent';
import { RegionsService } from '../regions/regions.service';
import { Corrections } from './privacy.corrections';
import {
  correctableFieldLabels,
  correctableFields,
  ERASURE_PHRASE,
  type CorrectionChanges,
  type MyPrivacy,
} from './privacy.schemas';
import { PrivacyRepo } from './privacy.repo';

const REGION_STAFF = ['city_admin', 'county_admin', 'township_admin', 'village_admin'] as const;
const BUREAUS = ['city_admin', 'county_admin'] as const;

/**
 * 个人信息权利 of a volunteer (《个人信息保护法》第44–47条), their own side: see what is held, ask for
 * corrections, withdraw publicity consent, ask to be deleted. (The download is privacy.export.ts; staff
 * decide the requests in privacy.requests.ts.)
 */
export class MyPrivacyService {
  private readonly record: Corrections;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {
    this.record = new Corrections(db, crypto);
  }

  private requireSelf(actor: Actor): string {
    if (actor.role !== 'volunteer' || !actor.volunteerId)
      throw new AppError('FORBIDDEN', '此页面供志愿者本人使用');
    return actor.volunteerId;
  }

  async mine(actor: Actor): Promise<MyPrivacy> {
    const id = this.requireSelf(actor);
    const row = await this.record.volunteer(id);
    const repo = new PrivacyRepo(this.db);
    const [paths, featured, requests] = await Promise.all([
      new RegionsService(this.db).pathNames([row.residenceCode]),
      featuredIn(this.db, id),
      repo.ofVolunteer(id),
    ]);
    return {
      profile: {
        volunteerNo: row.volunteerNo,
        name: row.name,
        gender: row.gender,
        birthDate: row.birthDate,
        idCard: maskIdCard(this.crypto.decrypt(row.idCardEnc)) ?? '',
        phone: this.record.phoneOf(row),
        residenceCode: row.residenceCode,
        residence: paths.get(row.residenceCode) ?? row.residenceCode,
        isVeteran: fromFlag(row.isVeteran),
        veteranKind: (row.veteranKind as MyPrivacy['profile']['veteranKind']) ?? null,
        branch: row.branch,
        serviceYears: row.serviceYears,
        partyMember: fromFlag(row.partyMember),
        skills: row.skills,
      },
      consent: { given: fromFlag(row.publicityConsent), at: row.publicityConsentAt },
      featured: featured.map(({ createdBy: _c, regionCode: _r, ...f }) => f),
      requests: await Promise.all(
        requests.map(async (r) => ({
          id: r.id,
          kind: r.kind,
          status: r.status,
          changes:
            r.kind === 'correction'
              ? await this.record.changeViews(row, this.record.readChanges(r.changesEnc), false)
              : [],
          reason: r.reason,
          createdAt: r.createdAt,
          decidedAt: r.decidedAt,
          decisionNote: r.decisionNote,
        })),
      ),
    };
  }

  async requestCorrection(
    actor: Actor,
    input: { changes: CorrectionChanges; reason: string },
    context: AuditContext,
  ): Promise<{ id: string }> {
    const volunteerId = this.requireSelf(actor);
    const row = await this.record.volunteer(volunteerId);
    const changes = this.record.effective(row, input.changes);
    const fields = correctableFields.filter((f) => changes[f] !== undefined);
    if (!fields.length) throw new AppError('VALIDATION_FAILED', '填写的内容与现有信息相同，无需更正');
    await this.record.validate(this.db, row, changes);
    const repo = new PrivacyRepo(this.db);
    if (await repo.pendingOf(volunteerId, 'correction'))
      throw new AppError('CONFLICT', '您已有一项更正申请正在办理，请等办理完再提交');
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      const txRepo = new PrivacyRepo(tx);
      await txRepo.insert({
        id,
        volunteerId,
        kind: 'correction',
        status: 'pending',
        changesEnc: this.crypto.encrypt(JSON.stringify(changes)),
        fields: fields.join(','),
        reason: input.reason,
        regionCode: row.residenceCode,
        requestedBy: actor.accountId,
        createdAt: new Date().toISOString(),
        decidedBy: null,
        deciderName: null,
        decidedAt: null,
        decisionNote: null,
      });
      await new AuditRepo(tx).write(context, {
        action: 'privacy.correction.request',
        result: 'success',
        targetType: 'volunteer',
        targetId: volunteerId,
        regionCode: row.residenceCode,
        detail: { requestId: id, fields },
      });
      await txRepo.notify(await txRepo.staffOver(row.residenceCode, REGION_STAFF), {
        template: 'privacy_request',
        title: '个人信息更正申请',
        body: `志愿者 ${row.volunteerNo} 申请更正个人信息（${fields.map((f) => correctableFieldLabels[f]).join('、')}），请核实后办理。`,
        link: '/privacy-requests',
      });
    });
    return { id };
  }

  async withdrawConsent(actor: Actor, context: AuditContext) {
    const volunteerId = this.requireSelf(actor);
    const row = await this.record.volunteer(volunteerId);
    if (!fromFlag(row.publicityConsent)) throw new AppError('CONFLICT', '您目前没有宣传授权，无需撤回');
    const featured = await featuredIn(this.db, volunteerId);
    const storiesHidden = featured.filter((f) => f.kind === 'story' && f.public).length;
    const now = new Date().toISOString();
    let postersWithdrawn = 0;
    await this.db.transaction().execute(async (tx) => {
      ({ postersWithdrawn } = await withdrawConsent(tx, volunteerId, actor.accountId, now));
      await new AuditRepo(tx).write(context, {
        action: 'privacy.consent.withdraw',
        result: 'success',
        targetType: 'volunteer',
        targetId: volunteerId,
        regionCode: row.residenceCode,
        detail: { storiesHidden, postersWithdrawn },
      });
      const txRepo = new PrivacyRepo(tx);
      const publishers = await txRepo.staffOver(row.residenceCode, BUREAUS);
      const authors = featured.map((f) => f.createdBy);
      await txRepo.notify([...publishers, ...authors], {
        template: 'privacy_consent',
        title: '志愿者撤回宣传授权',
        body: `志愿者 ${row.volunteerNo} 已撤回宣传授权：涉及本人的 ${storiesHidden} 篇稿件已从门户撤下，${postersWithdrawn} 张风采海报已撤下。请勿再公开使用其姓名和照片。`,
        link: '/publicity/stories',
      });
    });
    return { consent: false as const, consentAt: now, storiesHidden, postersWithdrawn };
  }

  async requestErasure(actor: Actor, input: { reason: string; confirm: string }, context: AuditContext) {
    const volunteerId = this.requireSelf(actor);
    if (input.confirm !== ERASURE_PHRASE)
      throw new AppError('VALIDATION_FAILED', `请输入“${ERASURE_PHRASE}”四个字以确认`, { field: 'confirm' });
    const row = await this.record.volunteer(volunteerId);
    const repo = new PrivacyRepo(this.db);
    if (await repo.pendingOf(volunteerId, 'erasure'))
      throw new AppError('CONFLICT', '您的注销申请正在办理中');
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      const txRepo = new PrivacyRepo(tx);
      await txRepo.insert({
        id,
        volunteerId,
        kind: 'erasure',
        status: 'pending',
        changesEnc: null,
        fields: '',
        reason: input.reason,
        regionCode: row.residenceCode,
        requestedBy: actor.accountId,
        createdAt: new Date().toISOString(),
        decidedBy: null,
        deciderName: null,
        decidedAt: null,
        decisionNote: null,
      });
      await new AuditRepo(tx).write(context, {
        action: 'privacy.erasure.request',
        result: 'success',
        targetType: 'volunteer',
        targetId: volunteerId,
        regionCode: row.residenceCode,
        detail: { requestId: id },
      });
      await txRepo.notify(await txRepo.staffOver(row.residenceCode, BUREAUS), {
        template: 'privacy_request',
        title: '志愿者申请注销',
        body: `志愿者 ${row.volunteerNo} 申请注销并删除个人信息，请核实后办理。`,
        link: '/privacy-requests',
      });
    });
    return { id };
  }
}
