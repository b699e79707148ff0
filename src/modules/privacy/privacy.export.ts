import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { fromFlag } from '../../db/database';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { activityStatusLabels, recordRequestStatusLabels } from '../../shared/activities';
import { auditActionLabel } from '../../shared/auditActions';
import { certificateContentSchema } from '../../shared/certificates';
import { nominationStatusLabels, type NominationStatus } from '../../shared/honours';
import { hoursOf } from '../../shared/hours';
import { roleLabels } from '../../shared/identity';
import { memberRoleLabels, veteranKindLabels, type MemberRole } from '../../shared/registry';
import { neutralise } from '../imports/exports';
import { featuredIn } from '../publicity/consent';
import { RegionsService } from '../regions/regions.service';
import { correctableFieldLabels, requestKindLabels, requestStatusLabels } from './privacy.schemas';

type Cell = string | number | null;
interface Part {
  key: string;
  /** Sheet name (Chinese, ≤ 31 characters). */
  sheet: string;
  columns: { key: string; header: string; width?: number }[];
  rows: Record<string, Cell>[];
}

const yesNo = (flag: number) => (fromFlag(flag) ? '是' : '否');
const signupStatus = { accepted: '已报名', waitlisted: '候补', cancelled: '已取消' } as const;
const recordStatus = { pending: '待确认', confirmed: '已确认', superseded: '已被更正' } as const;
const checkMethod = { code: '扫码签到', fixed: '固定码签到', proxy: '代签' } as const;

/**
 * 下载我的数据 (《个人信息保护法》第45条): everything held about one person, in parts. The profile carries the
 * full ID-card number and phone — they are the person's own. Nothing about anyone else is included beyond
 * the names of the teams, activities and staff that appear in the person's own records.
 */
export async function collectPersonalData(db: Kysely<DB>, crypto: FieldCrypto, volunteerId: string) {
  const v = await db
    .selectFrom('volunteers')
    .selectAll()
    .where('id', '=', volunteerId)
    .executeTakeFirstOrThrow();
  const paths = await new RegionsService(db).pathNames([v.residenceCode]);

  const [
    memberships,
    signups,
    attendance,
    records,
    stars,
    certificates,
    nominations,
    external,
    recordRequests,
    privacyRequests,
    featured,
    audit,
  ] = await Promise.all([
    db
      .selectFrom('memberships')
      .innerJoin('teams', 'teams.id', 'memberships.teamId')
      .select(['teams.name as team', 'memberships.role', 'memberships.joinedOn', 'memberships.leftOn'])
      .where('memberships.volunteerId', '=', volunteerId)
      .orderBy('memberships.joinedOn')
      .execute(),
    db
      .selectFrom('signups')
      .innerJoin('activities', 'activities.id', 'signups.activityId')
      .select([
        'activities.title',
        'activities.startsAt',
        'activities.status as activityStatus',
        'signups.status',
        'signups.signedUpAt',
        'signups.cancelledAt',
      ])
      .where('signups.volunteerId', '=', volunteerId)
      .orderBy('signups.signedUpAt')
      .execute(),
    db
      .selectFrom('attendance')
      .innerJoin('activities', 'activities.id', 'attendance.activityId')
      .select([
        'activities.title',
        'attendance.checkInAt',
        'attendance.checkOutAt',
        'attendance.method',
        'attendance.reviewResult',
      ])
      .where('attendance.volunteerId', '=', volunteerId)
      .orderBy('attendance.checkInAt')
      .execute(),
    db
      .selectFrom('serviceRecords')
      .innerJoin('teams', 'teams.id', 'serviceRecords.teamId')
      .select([
        'serviceRecords.serviceDate',
        'serviceRecords.activityName',
        'teams.name as team',
        'serviceRecords.place',
        'serviceRecords.serviceObject',
        'serviceRecords.content',
        'serviceRecords.minutes',
        'serviceRecords.status',
        'serviceRecords.personInCharge',
        'serviceRecords.recorderName',
        'serviceRecords.correctionReason',
      ])
      .where('serviceRecords.volunteerId', '=', volunteerId)
      .orderBy('serviceRecords.serviceDate')
      .orderBy('serviceRecords.createdAt')
      .execute(),
    db
      .selectFrom('starHistory')
      .select(['fromLevel', 'toLevel', 'totalMinutes', 'at'])
      .where('volunteerId', '=', volunteerId)
      .orderBy('at')
      .execute(),
    db
      .selectFrom('certificates')
      .select(['number', 'issuedAt', 'content'])
      .where('volunteerId', '=', volunteerId)
      .orderBy('issuedAt')
      .execute(),
    db
      .selectFrom('nominations')
      .innerJoin('honourKinds', 'honourKinds.id', 'nominations.honourId')
      .select(['honourKinds.name as honour', 'nominations.year', 'nominations.status', 'nominations.deeds'])
      .where('nominations.nomineeKind', '=', 'volunteer')
      .where('nominations.nomineeId', '=', volunteerId)
      .orderBy('nominations.year')
      .execute(),
    db
      .selectFrom('externalHonours')
      .select(['name', 'issuer', 'year'])
      .where('holderKind', '=', 'volunteer')
      .where('holderId', '=', volunteerId)
      .orderBy('year')
      .execute(),
    db
      .selectFrom('recordRequests')
      .select(['minutes', 'reason', 'status', 'createdAt', 'decidedAt', 'decisionNote'])
      .where('volunteerId', '=', volunteerId)
      .orderBy('createdAt')
      .execute(),
    db
      .selectFrom('privacyRequests')
      .select(['kind', 'fields', 'status', 'reason', 'createdAt', 'decidedAt', 'decisionNote'])
      .where('volunteerId', '=', volunteerId)
      .orderBy('createdAt')
      .execute(),
    featuredIn(db, volunteerId),
    // Who looked at or changed this person's record: every audit row about them.
    db
      .selectFrom('auditLog')
      .leftJoin('accounts', 'accounts.id', 'auditLog.accountId')
      .select([
        'auditLog.at',
        'auditLog.action',
        'auditLog.result',
        'auditLog.detail',
        'accounts.displayName',
        'accounts.role',
      ])
      .where('auditLog.targetType', '=', 'volunteer')
      .where('auditLog.targetId', '=', volunteerId)
      .orderBy('auditLog.id')
      .execute(),
  ]);

  const phone = v.phoneEnc ? crypto.decrypt(v.phoneEnc) : null;
  const profile: [string, Cell][] = [
    ['志愿者编号', v.volunteerNo],
    ['姓名', v.name],
    ['性别', v.gender === 'M' ? '男' : '女'],
    ['出生日期', v.birthDate],
    ['身份证号', crypto.decrypt(v.idCardEnc)],
    ['手机号', phone],
    ['居住地', paths.get(v.residenceCode) ?? v.residenceCode],
    ['是否退役军人', yesNo(v.isVeteran)],
    [
      '退役类别',
      v.veteranKind
        ? (veteranKindLabels[v.veteranKind as keyof typeof veteranKindLabels] ?? v.veteranKind)
        : null,
    ],
    ['服役军种', v.branch],
    ['服役年限', v.serviceYears],
    ['中共党员', yesNo(v.partyMember)],
    ['兵支书', yesNo(v.veteranSecretary)],
    ['特长技能', v.skills],
    ['同意宣传', yesNo(v.publicityConsent)],
    ['宣传授权记录时间', v.publicityConsentAt],
    ['已确认服务时长（小时）', hoursOf(v.confirmedMinutes)],
    ['星级', v.starLevel],
    ['登记时间', v.createdAt],
  ];

  const parts: Part[] = [
    {
      key: 'profile',
      sheet: '个人资料',
      columns: [
        { key: 'item', header: '项目', width: 24 },
        { key: 'value', header: '内容', width: 40 },
      ],
      rows: profile.map(([item, value]) => ({ item, value })),
    },
    {
      key: 'memberships',
      sheet: '所在队伍',
      columns: [
        { key: 'team', header: '队伍', width: 30 },
        { key: 'role', header: '职务', width: 10 },
        { key: 'joinedOn', header: '加入日期', width: 14 },
        { key: 'leftOn', header: '退出日期', width: 14 },
      ],
      rows: memberships.map((m) => ({ ...m, role: memberRoleLabels[m.role as MemberRole] ?? m.role })),
    },
    {
      key: 'signups',
      sheet: '活动报名',
      columns: [
        { key: 'title', header: '活动', width: 30 },
        { key: 'startsAt', header: '活动开始时间', width: 24 },
        { key: 'activityStatus', header: '活动状态', width: 10 },
        { key: 'status', header: '报名状态', width: 10 },
        { key: 'signedUpAt', header: '报名时间', width: 24 },
        { key: 'cancelledAt', header: '取消时间', width: 24 },
      ],
      rows: signups.map((s) => ({
        ...s,
        activityStatus: activityStatusLabels[s.activityStatus] ?? s.activityStatus,
        status: signupStatus[s.status],
      })),
    },
    {
      key: 'attendance',
      sheet: '签到签退',
      columns: [
        { key: 'title', header: '活动', width: 30 },
        { key: 'checkInAt', header: '签到时间', width: 24 },
        { key: 'checkOutAt', header: '签退时间', width: 24 },
        { key: 'method', header: '方式', width: 12 },
        { key: 'reviewResult', header: '队长确认', width: 10 },
      ],
      rows: attendance.map((a) => ({
        ...a,
        method: checkMethod[a.method],
        reviewResult:
          a.reviewResult === 'confirmed' ? '已确认' : a.reviewResult === 'rejected' ? '未认可' : null,
      })),
    },
    {
      key: 'serviceRecords',
      sheet: '服务记录',
      columns: [
        { key: 'serviceDate', header: '服务日期', width: 12 },
        { key: 'activityName', header: '活动名称', width: 30 },
        { key: 'team', header: '组织队伍', width: 30 },
        { key: 'place', header: '地点', width: 20 },
        { key: 'serviceObject', header: '服务对象', width: 16 },
        { key: 'content', header: '服务内容', width: 20 },
        { key: 'hours', header: '时长（小时）', width: 12 },
        { key: 'status', header: '状态', width: 10 },
        { key: 'personInCharge', header: '负责人', width: 12 },
        { key: 'recorderName', header: '记录人', width: 12 },
        { key: 'correctionReason', header: '更正原因', width: 20 },
      ],
      rows: records.map(({ minutes, ...r }) => ({
        ...r,
        hours: hoursOf(minutes, 2),
        status: recordStatus[r.status],
      })),
    },
    {
      key: 'starLevels',
      sheet: '星级',
      columns: [
        { key: 'at', header: '时间', width: 24 },
        { key: 'fromLevel', header: '原星级', width: 10 },
        { key: 'toLevel', header: '新星级', width: 10 },
        { key: 'hours', header: '累计时长（小时）', width: 16 },
      ],
      rows: stars.map(({ totalMinutes, ...s }) => ({ ...s, hours: hoursOf(totalMinutes) })),
    },
    {
      key: 'certificates',
      sheet: '服务证明',
      columns: [
        { key: 'number', header: '证明编号', width: 24 },
        { key: 'issuedAt', header: '出具时间', width: 24 },
        { key: 'hours', header: '证明时长（小时）', width: 16 },
        { key: 'issuer', header: '出具单位', width: 30 },
      ],
      rows: certificates.map((c) => {
        const content = certificateContentSchema.safeParse(JSON.parse(c.content)).data;
        return {
          number: c.number,
          issuedAt: c.issuedAt,
          hours: content ? hoursOf(content.totalMinutes) : null,
          issuer: content?.issuer ?? null,
        };
      }),
    },
    {
      key: 'honours',
      sheet: '荣誉',
      columns: [
        { key: 'honour', header: '荣誉', width: 30 },
        { key: 'year', header: '年度', width: 8 },
        { key: 'status', header: '状态', width: 14 },
        { key: 'source', header: '来源', width: 30 },
      ],
      rows: [
        ...nominations.map((n) => ({
          honour: n.honour,
          year: n.year,
          status: nominationStatusLabels[n.status as NominationStatus] ?? n.status,
          source: '荣誉推荐',
        })),
        ...external.map((e) => ({ honour: e.name, year: e.year, status: '已获得', source: e.issuer })),
      ],
    },
    {
      key: 'publicity',
      sheet: '宣传',
      columns: [
        { key: 'kind', header: '类型', width: 10 },
        { key: 'title', header: '标题', width: 40 },
        { key: 'public', header: '目前公开', width: 10 },
        { key: 'publishedAt', header: '发布时间', width: 24 },
      ],
      rows: featured.map((f) => ({
        kind: f.kind === 'story' ? '宣传稿件' : '风采海报',
        title: f.title,
        public: f.public ? '是' : '否',
        publishedAt: f.publishedAt,
      })),
    },
    {
      key: 'requests',
      sheet: '我的申请',
      columns: [
        { key: 'kind', header: '申请', width: 20 },
        { key: 'detail', header: '内容', width: 30 },
        { key: 'reason', header: '理由', width: 30 },
        { key: 'status', header: '状态', width: 10 },
        { key: 'createdAt', header: '提交时间', width: 24 },
        { key: 'decidedAt', header: '办理时间', width: 24 },
        { key: 'decisionNote', header: '办理说明', width: 30 },
      ],
      rows: [
        ...recordRequests.map((r) => ({
          kind: '更正服务时长',
          detail: `${hoursOf(r.minutes, 2)}小时`,
          reason: r.reason,
          status: recordRequestStatusLabels[r.status] ?? r.status,
          createdAt: r.createdAt,
          decidedAt: r.decidedAt,
          decisionNote: r.decisionNote,
        })),
        ...privacyRequests.map((r) => ({
          kind: requestKindLabels[r.kind],
          detail: r.fields
            .split(',')
            .filter(Boolean)
            .map((f) => correctableFieldLabels[f as keyof typeof correctableFieldLabels] ?? f)
            .join('、'),
          reason: r.reason,
          status: requestStatusLabels[r.status],
          createdAt: r.createdAt,
          decidedAt: r.decidedAt,
          decisionNote: r.decisionNote,
        })),
      ],
    },
    {
      key: 'accessLog',
      sheet: '查阅与变更记录',
      columns: [
        { key: 'at', header: '时间', width: 24 },
        { key: 'who', header: '操作人', width: 20 },
        { key: 'role', header: '角色', width: 16 },
        { key: 'action', header: '操作', width: 24 },
        { key: 'result', header: '结果', width: 8 },
        { key: 'detail', header: '说明', width: 30 },
      ],
      rows: audit.map((a) => ({
        at: a.at,
        who: a.displayName ?? '系统',
        role: a.role ? roleLabels[a.role] : null,
        action: auditActionLabel(a.action),
        result: a.result === 'success' ? '成功' : a.result === 'denied' ? '被拒绝' : '失败',
        detail: revealDetail(a.detail),
      })),
    },
  ];
  return { volunteerNo: v.volunteerNo, parts };
}

/** The audit detail as a person reads it (which field was revealed); nothing else is shown raw. */
function revealDetail(detail: string | null): string | null {
  if (!detail) return null;
  try {
    const d = JSON.parse(detail) as { field?: string };
    if (d.field === 'idCard') return '查看完整身份证号';
    if (d.field === 'phone') return '查看完整手机号';
  } catch {
    return null;
  }
  return null;
}

export type PersonalData = Awaited<ReturnType<typeof collectPersonalData>>;

export function personalDataJson(data: PersonalData, exportedAt: string): string {
  const body: Record<string, unknown> = { exportedAt, volunteerNo: data.volunteerNo };
  for (const part of data.parts) {
    body[part.key] =
      part.key === 'profile'
        ? Object.fromEntries(part.rows.map((r) => [r.item as string, r.value]))
        : part.rows.map((r) => Object.fromEntries(part.columns.map((c) => [c.header, r[c.key] ?? null])));
  }
  return JSON.stringify(body, null, 2);
}

/** One sheet per part, Chinese headers, every text cell neutralised against formula injection. */
export async function personalDataWorkbook(data: PersonalData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '戎志';
  for (const part of data.parts) {
    const sheet = workbook.addWorksheet(part.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = part.columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
    for (const r of part.rows)
      sheet.addRow(
        part.columns.map((c) => {
          const value = r[c.key] ?? null;
          return typeof value === 'string' ? neutralise(value) : value;
        }),
      );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
