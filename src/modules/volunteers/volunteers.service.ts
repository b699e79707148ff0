import { randomInt, randomUUID } from 'node:crypto';
import { ACTIVATION_DAYS, hashActivationCode } from './activation';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { fromFlag, toFlag } from '../../db/database';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { parseIdCard } from '../../shared/idcard';
import { phoneSchema } from '../../shared/identity';
import type { MemberRole, VolunteerDetail, VolunteerInput, VolunteerListQuery } from '../../shared/registry';
import { AccountsRepo } from '../accounts/accounts.repo';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry, mayRevealPersonalData } from '../identity/policy';
import { isRegionWithin, scopeOf, volunteerVisibility, type Scope } from '../identity/scope';
import { RegionsService } from '../regions/regions.service';
import { TeamsService } from '../teams/teams.service';
import { presentVolunteer } from './volunteers.presenter';
import { VolunteersRepo, type VolunteerListRow } from './volunteers.repo';

const today = () => new Date().toISOString().slice(0, 10);

/** 志愿者: one person, one record; personal data encrypted, masked, revealed only with an audit row. */
export class VolunteersService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  private scope(actor: Actor): Scope {
    return scopeOf(actor);
  }

  private async present(rows: VolunteerListRow[]) {
    const repo = new VolunteersRepo(this.db);
    const [memberships, paths] = await Promise.all([
      repo.teamsOf(rows.map((r) => r.id)),
      new RegionsService(this.db).pathNames(rows.map((r) => r.residenceCode)),
    ]);
    return rows.map((row) =>
      presentVolunteer(
        row,
        this.crypto,
        memberships.filter((m) => m.volunteerId === row.id),
        paths.get(row.residenceCode) ?? row.residenceName,
      ),
    );
  }

  async list(actor: Actor, query: VolunteerListQuery) {
    const phone = query.q && phoneSchema.safeParse(query.q).success ? this.crypto.hash(query.q) : null;
    const { items, total } = await new VolunteersRepo(this.db).list(this.scope(actor), query, phone);
    return { items: await this.present(items), total, page: query.page, pageSize: query.pageSize };
  }

  async requireVisible(actor: Actor, id: string): Promise<VolunteerListRow> {
    const repo = new VolunteersRepo(this.db);
    const row = await repo.findVisible(this.scope(actor), id);
    if (row) return row;
    if (await repo.existsUnscoped(id)) throw new AppError('OUT_OF_SCOPE');
    throw new AppError('NOT_FOUND', '志愿者不存在');
  }

  async get(actor: Actor, id: string): Promise<VolunteerDetail> {
    const row = await this.requireVisible(actor, id);
    const [summary] = await this.present([row]);
    const memberships = await new VolunteersRepo(this.db).teamsOf([id], false);
    const account = await this.db
      .selectFrom('accounts')
      .select('id')
      .where('volunteerId', '=', id)
      .executeTakeFirst();
    return {
      ...summary!,
      birthDate: row.birthDate,
      branch: row.branch,
      serviceYears: row.serviceYears,
      skills: row.skills,
      publicityConsent: fromFlag(row.publicityConsent),
      hasAccount: !!account,
      memberships: memberships.map((m) => ({
        id: m.id,
        teamId: m.teamId,
        teamName: m.teamName,
        role: m.role,
        joinedOn: m.joinedOn,
        leftOn: m.leftOn,
      })),
    };
  }

  /** Shows a full ID-card number or phone to a role that may see it, and audits the reveal. */
  async reveal(
    actor: Actor,
    id: string,
    field: 'idCard' | 'phone',
    context: AuditContext,
  ): Promise<string | null> {
    if (!mayRevealPersonalData(actor)) throw new AppError('FORBIDDEN', '您的角色不能查看完整个人信息');
    const row = await this.requireVisible(actor, id);
    const value =
      field === 'idCard'
        ? this.crypto.decrypt(row.idCardEnc)
        : row.phoneEnc
          ? this.crypto.decrypt(row.phoneEnc)
          : null;
    await new AuditRepo(this.db).write(context, {
      action: 'volunteer.reveal',
      result: 'success',
      targetType: 'volunteer',
      targetId: id,
      regionCode: row.residenceCode,
      detail: { field },
    });
    return value;
  }

  private async requireTeamForMembership(actor: Actor, teamId: string) {
    const team = await new TeamsService(this.db, this.crypto).requireVisible(actor, teamId);
    if (team.status === 'dissolved')
      throw new AppError('CONFLICT', '队伍已解散，不能加入', { field: 'teamId' });
    return team;
  }

  /**
   * Registers a person. An ID-card number already known inside the caller's scope answers
   * VOLUNTEER_EXISTS with that record's id (add a membership instead); one known only elsewhere
   * answers VOLUNTEER_ELSEWHERE and nothing else about the person.
   */
  async register(actor: Actor, input: VolunteerInput, context: AuditContext) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
    const facts = parseIdCard(input.idCard);
    if ('error' in facts) throw new AppError('VALIDATION_FAILED', facts.error, { field: 'idCard' });
    const scope = this.scope(actor);
    const region = await this.db
      .selectFrom('regions')
      .select('code')
      .where('code', '=', input.residenceCode)
      .executeTakeFirst();
    if (!region) throw new AppError('REGION_NOT_FOUND', undefined, { field: 'residenceCode' });
    if (scope.kind === 'region' && !isRegionWithin(input.residenceCode, scope.regionCode) && !input.teamId) {
      throw new AppError('OUT_OF_SCOPE', '居住地超出您的管辖范围；如为本辖区队伍成员，请选择所在队伍', {
        field: 'residenceCode',
      });
    }
    if (scope.kind !== 'region' && !input.teamId) {
      throw new AppError('VALIDATION_FAILED', '请选择加入的队伍', { field: 'teamId' });
    }
    if (input.teamId) await this.requireTeamForMembership(actor, input.teamId);

    const repo = new VolunteersRepo(this.db);
    const idHash = this.crypto.hash(facts.normalized);
    const existing = await repo.findByIdCardHashUnscoped(idHash);
    if (existing) {
      if (await repo.findVisible(scope, existing.id)) {
        throw new AppError('VOLUNTEER_EXISTS', '该身份证号已登记，可直接为其添加队伍', {
          field: 'idCard',
          details: { volunteerId: existing.id },
        });
      }
      throw new AppError('VOLUNTEER_ELSEWHERE', undefined, { field: 'idCard' });
    }
    const phoneHash = input.phone ? this.crypto.hash(input.phone) : null;
    if (phoneHash && (await repo.phoneTaken(phoneHash))) {
      throw new AppError('PHONE_TAKEN', undefined, { field: 'phone' });
    }
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const txRepo = new VolunteersRepo(tx);
      await txRepo.insert({
        id,
        volunteerNo: await txRepo.nextVolunteerNo(),
        name: input.name,
        gender: facts.gender,
        birthDate: facts.birthDate,
        idCardEnc: this.crypto.encrypt(facts.normalized),
        idCardHash: idHash,
        phoneEnc: input.phone ? this.crypto.encrypt(input.phone) : null,
        phoneHash,
        residenceCode: input.residenceCode,
        isVeteran: toFlag(input.isVeteran),
        veteranKind: input.isVeteran ? (input.veteranKind ?? null) : null,
        branch: input.branch ?? null,
        serviceYears: input.serviceYears ?? null,
        partyMember: toFlag(input.partyMember),
        veteranSecretary: toFlag(input.veteranSecretary),
        skills: input.skills,
        publicityConsent: toFlag(input.publicityConsent),
        createdAt: now,
        createdBy: actor.accountId,
        updatedAt: now,
      });
      if (input.teamId) {
        await tx
          .insertInto('memberships')
          .values({
            id: randomUUID(),
            teamId: input.teamId,
            volunteerId: id,
            role: input.role,
            joinedOn: today(),
            leftOn: null,
          })
          .execute();
      }
      await new AuditRepo(tx).write(context, {
        action: 'volunteer.register',
        result: 'success',
        targetType: 'volunteer',
        targetId: id,
        regionCode: input.residenceCode,
      });
    });
    return this.get(actor, id);
  }

  async addMembership(
    actor: Actor,
    volunteerId: string,
    teamId: string,
    role: MemberRole,
    context: AuditContext,
  ) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
    await this.requireVisible(actor, volunteerId);
    const team = await this.requireTeamForMembership(actor, teamId);
    const repo = new VolunteersRepo(this.db);
    if (await repo.activeMembership(teamId, volunteerId)) throw new AppError('CONFLICT', '已是该队伍成员');
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('memberships')
        .values({ id: randomUUID(), teamId, volunteerId, role, joinedOn: today(), leftOn: null })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'membership.add',
        result: 'success',
        targetType: 'volunteer',
        targetId: volunteerId,
        regionCode: team.regionCode,
        detail: { teamId, role },
      });
    });
    return this.get(actor, volunteerId);
  }

  async endMembership(actor: Actor, volunteerId: string, teamId: string, context: AuditContext) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
    await this.requireVisible(actor, volunteerId);
    const team = await this.requireTeamForMembership(actor, teamId);
    const membership = await new VolunteersRepo(this.db).activeMembership(teamId, volunteerId);
    if (!membership) throw new AppError('NOT_FOUND', '不是该队伍的在队成员');
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('memberships').set({ leftOn: today() }).where('id', '=', membership.id).execute();
      await new AuditRepo(tx).write(context, {
        action: 'membership.end',
        result: 'success',
        targetType: 'volunteer',
        targetId: volunteerId,
        regionCode: team.regionCode,
        detail: { teamId },
      });
    });
    return this.get(actor, volunteerId);
  }

  /**
   * A person registered outside the caller's scope: ask the other side to let them join a team here.
   * The requester learns nothing of the person until the request is approved.
   */
  async requestJoin(actor: Actor, idCard: string, teamId: string, role: MemberRole, context: AuditContext) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
    await this.requireTeamForMembership(actor, teamId);
    const facts = parseIdCard(idCard);
    if ('error' in facts) throw new AppError('VALIDATION_FAILED', facts.error, { field: 'idCard' });
    const existing = await new VolunteersRepo(this.db).findByIdCardHashUnscoped(
      this.crypto.hash(facts.normalized),
    );
    if (!existing)
      throw new AppError('NOT_FOUND', '未找到该身份证号的登记记录，请直接登记', { field: 'idCard' });
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('joinRequests')
        .values({
          id,
          volunteerId: existing.id,
          teamId,
          role,
          status: 'pending',
          requestedBy: actor.accountId,
          requestedAt: new Date().toISOString(),
          decidedBy: null,
          decidedAt: null,
          reason: null,
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'join_request.create',
        result: 'success',
        targetType: 'join_request',
        targetId: id,
        regionCode: actor.regionCode,
      });
    });
    return { id, status: 'pending' as const };
  }

  /** Join requests for volunteers the caller can see (the side that holds the person's record). */
  async incomingJoinRequests(actor: Actor) {
    const scope = this.scope(actor);
    const rows = await this.db
      .selectFrom('joinRequests')
      .innerJoin('teams', 'teams.id', 'joinRequests.teamId')
      .innerJoin('volunteers', 'volunteers.id', 'joinRequests.volunteerId')
      .innerJoin('regions', 'regions.code', 'teams.regionCode')
      .select([
        'joinRequests.id',
        'joinRequests.volunteerId',
        'volunteers.name as volunteerName',
        'joinRequests.teamId',
        'teams.name as teamName',
        'regions.name as teamRegionName',
        'joinRequests.role',
        'joinRequests.requestedAt',
      ])
      .where('joinRequests.status', '=', 'pending')
      .where((eb) =>
        volunteerVisibility(scope)(eb as unknown as Parameters<ReturnType<typeof volunteerVisibility>>[0]),
      )
      .orderBy('joinRequests.requestedAt')
      .execute();
    return rows;
  }

  async decideJoinRequest(
    actor: Actor,
    requestId: string,
    approve: boolean,
    reason: string | undefined,
    context: AuditContext,
  ) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
    const request = await this.db
      .selectFrom('joinRequests')
      .selectAll()
      .where('id', '=', requestId)
      .executeTakeFirst();
    if (!request) throw new AppError('NOT_FOUND', '申请不存在');
    await this.requireVisible(actor, request.volunteerId);
    if (request.status !== 'pending') throw new AppError('CONFLICT', '该申请已处理');
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('joinRequests')
        .set({
          status: approve ? 'approved' : 'rejected',
          decidedBy: actor.accountId,
          decidedAt: new Date().toISOString(),
          reason: reason ?? null,
        })
        .where('id', '=', requestId)
        .execute();
      if (approve && !(await new VolunteersRepo(tx).activeMembership(request.teamId, request.volunteerId))) {
        await tx
          .insertInto('memberships')
          .values({
            id: randomUUID(),
            teamId: request.teamId,
            volunteerId: request.volunteerId,
            role: request.role,
            joinedOn: today(),
            leftOn: null,
          })
          .execute();
      }
      await new AuditRepo(tx).write(context, {
        action: approve ? 'join_request.approve' : 'join_request.reject',
        result: 'success',
        targetType: 'join_request',
        targetId: requestId,
        regionCode: actor.regionCode,
      });
    });
    return { id: requestId, status: approve ? ('approved' as const) : ('rejected' as const) };
  }

  /**
   * Opens (or re-opens) the volunteer's login: an account on their mobile number and a one-time
   * activation code, valid 7 days, which the station prints on a slip and hands over.
   */
  async issueActivation(actor: Actor, id: string, context: AuditContext) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
    const row = await this.requireVisible(actor, id);
    if (!row.phoneEnc || !row.phoneHash)
      throw new AppError('VALIDATION_FAILED', '请先登记手机号', { field: 'phone' });
    const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const expires = new Date(Date.now() + ACTIVATION_DAYS * 86_400_000).toISOString();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const account = await tx
        .selectFrom('accounts')
        .select('id')
        .where('volunteerId', '=', id)
        .executeTakeFirst();
      if (account) {
        await tx
          .updateTable('accounts')
          .set({
            activationCodeHash: hashActivationCode(code),
            activationExpiresAt: expires,
            phoneEnc: row.phoneEnc,
            phoneHash: row.phoneHash,
          })
          .where('id', '=', account.id)
          .execute();
      } else {
        await new AccountsRepo(tx).insert({
          id: randomUUID(),
          username: null,
          displayName: row.name,
          role: 'volunteer',
          regionCode: row.residenceCode,
          organizationId: null,
          teamId: null,
          volunteerId: id,
          phoneEnc: row.phoneEnc,
          phoneHash: row.phoneHash,
          // Not an argon2 hash: no password can match until the volunteer activates.
          passwordHash: '!unset',
          lockedUntil: null,
          lastLoginAt: null,
          passwordChangedAt: now,
          createdAt: now,
          createdBy: actor.accountId,
          activationCodeHash: hashActivationCode(code),
          activationExpiresAt: expires,
        });
      }
      await new AuditRepo(tx).write(context, {
        action: 'volunteer.activation.issue',
        result: 'success',
        targetType: 'volunteer',
        targetId: id,
        regionCode: row.residenceCode,
      });
    });
    return {
      code,
      expiresAt: expires,
      phone: this.crypto.decrypt(row.phoneEnc).replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2'),
    };
  }
}
