import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { DB, MembershipsTable, VolunteersTable } from '../../db/types';
import { toFlag } from '../../db/database';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { parseIdCard, type IdCardFacts } from '../../shared/idcard';
import { phoneSchema } from '../../shared/identity';
import {
  memberRoleLabels,
  veteranKindLabels,
  volunteerInputSchema,
  type VolunteerInput,
} from '../../shared/registry';
import { z } from '../../shared/zod';
import type { Actor } from '../identity/actor';
import { isRegionWithin, type Scope } from '../identity/scope';
import { VolunteersRepo } from '../volunteers/volunteers.repo';
import { volunteerColumns, type VolunteerHeader } from './columns';
import { existingRegionCodes, knownVolunteers, takenPhoneHashes, visibleTeams } from './lookups';
import { insertMany } from './batchInsert';
import { breathe, checkRows, readSheetRows, RowReader, type ValidationOutcome } from './rowParsing';
import type { SheetRow } from './sheetReader';

/** Rows per INSERT: 21 columns x 500 stays well under both dialects' bound-parameter limits. */
const INSERT_BATCH = 500;

const columnOf: Record<keyof VolunteerInput, VolunteerHeader> = {
  name: '姓名',
  idCard: '身份证号',
  phone: '手机号',
  residenceCode: '居住地区划代码',
  isVeteran: '是否退役军人',
  veteranKind: '退役军人类别',
  branch: '军种',
  serviceYears: '服役年限',
  partyMember: '是否党员',
  veteranSecretary: '是否兵支书',
  skills: '特长',
  publicityConsent: '同意宣传',
  teamId: '所属队伍编号',
  role: '队内角色',
};
const headerOrder = volunteerColumns.map((c) => c.header);
const uuid = z.uuid();

export interface PreparedVolunteer {
  row: number;
  input: VolunteerInput;
  facts: IdCardFacts;
  idHash: string;
  phoneHash: string | null;
}

interface Pending {
  r: RowReader<VolunteerHeader>;
  input?: VolunteerInput;
  facts?: IdCardFacts;
  idHash?: string;
  phoneHash?: string;
  residenceCode?: string;
  teamId?: string;
}

export type { ValidationOutcome } from './rowParsing';

/** Reads one row into the registration input, recording every problem against its column. */
function readRow(row: SheetRow, crypto: FieldCrypto): Pending {
  const r = new RowReader<VolunteerHeader>(row);
  const isVeteran = r.yesNo('是否退役军人', { required: true });
  let veteranKind = r.choice('退役军人类别', veteranKindLabels) ?? null;
  if (isVeteran === false && veteranKind) {
    r.fail('退役军人类别', '“是否退役军人”为“否”时，退役军人类别应留空');
    veteranKind = null;
  }
  const teamText = r.text('所属队伍编号');
  const teamId =
    teamText === undefined
      ? undefined
      : uuid.safeParse(teamText).success
        ? teamText.toLowerCase()
        : r.fail('所属队伍编号', '队伍编号格式不正确，请从队伍详情页复制');
  const candidate = {
    name: r.text('姓名', { required: true }) ?? '',
    idCard: r.digits('身份证号', { required: true }) ?? '',
    phone: r.digits('手机号') ?? null,
    residenceCode: r.digits('居住地区划代码', { required: true }) ?? '',
    isVeteran: isVeteran ?? false,
    veteranKind,
    branch: r.text('军种', { max: 20 }) ?? null,
    serviceYears: r.integer('服役年限', 0, 60) ?? null,
    partyMember: r.yesNo('是否党员') ?? false,
    veteranSecretary: r.yesNo('是否兵支书') ?? false,
    skills: r.text('特长', { max: 200 }) ?? '',
    publicityConsent: r.yesNo('同意宣传') ?? false,
    teamId,
    role: r.choice('队内角色', memberRoleLabels) ?? 'member',
  };
  const input = r.check(volunteerInputSchema, candidate, columnOf);
  const pending: Pending = { r, input, teamId };
  const facts = candidate.idCard ? parseIdCard(candidate.idCard) : { error: '' };
  if (!('error' in facts)) {
    pending.facts = facts;
    pending.idHash = crypto.hash(facts.normalized);
  }
  if (candidate.phone && phoneSchema.safeParse(candidate.phone).success)
    pending.phoneHash = crypto.hash(candidate.phone);
  if (/^\d{12}$/.test(candidate.residenceCode)) pending.residenceCode = candidate.residenceCode;
  return pending;
}

/**
 * Checks every row of a volunteers sheet as VolunteersService.register would, but for all rows at
 * once: the reads are batched, duplicates inside the file are found, and nothing is written.
 */
export async function validateVolunteers(
  db: Kysely<DB>,
  crypto: FieldCrypto,
  scope: Scope,
  rows: AsyncIterable<SheetRow[]>,
  progress: (processed: number, total: number) => void,
): Promise<ValidationOutcome<PreparedVolunteer>> {
  const pending = await readSheetRows(rows, '姓名', (row) => readRow(row, crypto));
  const total = pending.length;
  progress(0, total);

  const [regions, teams, known, phones] = await Promise.all([
    existingRegionCodes(
      db,
      pending.flatMap((p) => (p.residenceCode ? [p.residenceCode] : [])),
    ),
    visibleTeams(
      db,
      scope,
      pending.flatMap((p) => (p.teamId ? [p.teamId] : [])),
    ),
    knownVolunteers(
      db,
      scope,
      pending.flatMap((p) => (p.idHash ? [p.idHash] : [])),
    ),
    takenPhoneHashes(
      db,
      pending.flatMap((p) => (p.phoneHash ? [p.phoneHash] : [])),
    ),
  ]);

  const firstId = new Map<string, number>();
  const firstPhone = new Map<string, number>();
  return checkRows(pending, headerOrder, progress, (p): PreparedVolunteer | undefined => {
    const { r } = p;
    const team = p.teamId ? teams.get(p.teamId) : undefined;
    if (p.teamId) {
      if (!team) r.fail('所属队伍编号', '队伍不存在或不在您的管辖范围内');
      else if (team.status === 'dissolved') r.fail('所属队伍编号', '该队伍已解散，不能加入');
    }
    const teamOk = !!team && team.status !== 'dissolved';
    if (p.residenceCode) {
      if (!regions.has(p.residenceCode)) r.fail('居住地区划代码', '区划代码不存在，请核对12位代码');
      else if (scope.kind === 'region' && !isRegionWithin(p.residenceCode, scope.regionCode) && !teamOk)
        r.fail('居住地区划代码', '居住地不在您的管辖范围内；如为本辖区队伍的成员，请填写所属队伍编号');
    }
    if (scope.kind !== 'region' && !p.teamId)
      r.fail('所属队伍编号', '请填写所属队伍编号（须为您管理的队伍）');
    if (p.idHash) {
      const first = firstId.get(p.idHash);
      const existing = known.get(p.idHash);
      if (first !== undefined) r.fail('身份证号', `与第${first}行的身份证号重复`);
      else if (existing?.visible)
        r.fail('身份证号', `已登记（志愿者编号 ${existing.volunteerNo}），可在志愿者页面为其添加队伍`);
      else if (existing) r.fail('身份证号', '已在其他地区登记');
      if (first === undefined) firstId.set(p.idHash, r.row);
    }
    if (p.phoneHash) {
      const first = firstPhone.get(p.phoneHash);
      if (first !== undefined) r.fail('手机号', `与第${first}行的手机号重复`);
      else if (phones.has(p.phoneHash)) r.fail('手机号', '该手机号已被其他志愿者使用');
      if (first === undefined) firstPhone.set(p.phoneHash, r.row);
    }
    if (!p.input || !p.facts || !p.idHash) return undefined;
    return { row: r.row, input: p.input, facts: p.facts, idHash: p.idHash, phoneHash: p.phoneHash ?? null };
  });
}

/** What goes into the transaction: a function of the transaction, the expensive part done before it. */
export type Writer = (tx: Kysely<DB>) => Promise<number>;

/**
 * Prepares validated volunteers for writing: records are built and encrypted in memory first, outside
 * the transaction (on SQLite a transaction holds the only connection, so it is kept to the INSERTs).
 * In the transaction, volunteer numbers continue from the current maximum and rows go 500 per INSERT.
 * Progress counts both halves: encrypting, then inserting.
 */
export async function prepareVolunteerWrite(
  crypto: FieldCrypto,
  actor: Actor,
  rows: PreparedVolunteer[],
  progress: (processed: number, total: number) => void,
  now = new Date(),
): Promise<Writer> {
  const at = now.toISOString();
  const today = at.slice(0, 10);
  const total = rows.length;
  const records: Insertable<VolunteersTable>[] = [];
  const memberships: Insertable<MembershipsTable>[] = [];
  for (const [i, { input, facts, idHash, phoneHash }] of rows.entries()) {
    const id = randomUUID();
    records.push({
      id,
      volunteerNo: '',
      name: input.name,
      gender: facts.gender,
      birthDate: facts.birthDate,
      idCardEnc: crypto.encrypt(facts.normalized),
      idCardHash: idHash,
      phoneEnc: input.phone ? crypto.encrypt(input.phone) : null,
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
      createdAt: at,
      createdBy: actor.accountId,
      updatedAt: at,
    });
    if (input.teamId) {
      memberships.push({
        id: randomUUID(),
        teamId: input.teamId,
        volunteerId: id,
        role: input.role,
        joinedOn: today,
        leftOn: null,
      });
    }
    if (i % 1000 === 999) {
      progress(Math.floor((i + 1) / 2), total);
      await breathe();
    }
  }

  return async (tx) => {
    // Numbers are taken inside the transaction, from the same maximum a single registration reads.
    const next = Number((await new VolunteersRepo(tx).nextVolunteerNo()).slice(2));
    records.forEach((r, i) => (r.volunteerNo = `RZ${String(next + i).padStart(8, '0')}`));
    const written = await insertMany(tx, 'volunteers', records, INSERT_BATCH, (n) =>
      progress(Math.floor((total + n) / 2), total),
    );
    await insertMany(tx, 'memberships', memberships, INSERT_BATCH);
    return written;
  };
}
