import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskIdCard, maskPhone } from '../../server/security/mask';
import { chinaDate } from '../../shared/dates';
import { hoursOf } from '../../shared/hours';
import { teamCategoryLabels, teamStatusLabels } from '../../shared/registry';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayExportFullIdentity, mayViewStatistics } from '../identity/policy';
import { scopeOf, teamVisibility, volunteerVisibility } from '../identity/scope';
import type { ExchangeKind } from './statistics.schemas';
import { csvLine, safeCells, type Cell } from './workbook';

const PAGE = 2000;
const yes = (v: number) => (v ? '是' : '否');
const recordStatusLabels = { pending: '待确认', confirmed: '已确认', superseded: '已更正' } as const;

/** Column layouts of the exchange files; docs/EXCHANGE.md describes each column. */
export const exchangeColumns: Record<ExchangeKind, string[]> = {
  volunteers: [
    '志愿者编号',
    '姓名',
    '性别',
    '出生日期',
    '证件类型',
    '证件号码',
    '手机号码',
    '居住地区划代码',
    '是否退役军人',
    '是否中共党员',
    '服务技能',
    '累计服务时长(小时)',
    '星级',
    '注册日期',
  ],
  teams: [
    '队伍编号',
    '队伍名称',
    '队伍类别',
    '所在区划代码',
    '所在区划',
    '依托单位',
    '负责人',
    '联系电话',
    '成立日期',
    '服务领域',
    '在队成员(人)',
    '登记状态',
  ],
  records: [
    '记录编号',
    '志愿者编号',
    '志愿者姓名',
    '证件号码',
    '活动名称',
    '服务日期',
    '服务地点',
    '服务对象',
    '服务内容',
    '服务时长(小时)',
    '服务质量',
    '活动负责人',
    '记录人',
    '记录单位',
    '记录单位区划代码',
    '确认时间',
    '更正的记录编号',
    '更正原因',
    '记录状态',
  ],
};

export const exchangeNames: Record<ExchangeKind, string> = {
  volunteers: '志愿者',
  teams: '志愿服务队伍',
  records: '志愿服务记录',
};

/** Whether an export carries full ID-card numbers, and why (asked for explicitly). */
export interface Disclosure {
  reveal: boolean;
  reason?: string;
}

/**
 * 与全国志愿服务信息系统交换: volunteers, teams and confirmed service records of the caller's scope, in
 * the layout of docs/EXCHANGE.md (record fields of 《志愿服务记录与证明出具办法（试行）》, 民政部令第67号).
 * ID-card numbers are masked unless full ones are asked for, with a reason, by a bureau that may export
 * them (mayExportFullIdentity); phones are always masked. Every export is audited, with that reason.
 */
export class ExchangeService {
  /** `primary` takes the audit entry; the rows are read from `db` (the read replica when there is one). */
  constructor(
    private readonly primary: Kysely<DB>,
    private readonly crypto: FieldCrypto,
    private readonly db: Kysely<DB> = primary,
  ) {}

  assertMayExport(actor: Actor, disclosure: Disclosure = { reveal: false }) {
    if (!mayViewStatistics(actor) || scopeOf(actor).kind !== 'region')
      throw new AppError('FORBIDDEN', '数据交换由各级退役军人事务部门办理');
    if (!disclosure.reveal) return;
    if (!mayExportFullIdentity(actor))
      throw new AppError('FORBIDDEN', '导出完整证件号码须由市、县（区）退役军人事务局办理', {
        field: 'reveal',
      });
    if ((disclosure.reason ?? '').trim().length < 2)
      throw new AppError('VALIDATION_FAILED', '导出完整证件号码须填写用途（至少2个字）', { field: 'reason' });
  }

  private idCard(reveal: boolean, enc: string | null) {
    if (!enc) return '';
    const plain = this.crypto.decrypt(enc);
    return (reveal ? plain : maskIdCard(plain)) ?? '';
  }
  /** Phones never leave in full: the national system keeps its own contact data. */
  private phone(enc: string | null) {
    if (!enc) return '';
    return maskPhone(this.crypto.decrypt(enc)) ?? '';
  }

  /** Rows of one kind, page by page (keyset on id), inside the caller's scope. */
  async *rows(
    actor: Actor,
    kind: ExchangeKind,
    period: { from?: string; to?: string },
    disclosure: Disclosure = { reveal: false },
  ): AsyncGenerator<Cell[][]> {
    this.assertMayExport(actor, disclosure);
    const reveal = disclosure.reveal;
    const scope = scopeOf(actor);
    let after = '';
    for (;;) {
      let page: Cell[][] = [];
      if (kind === 'volunteers') {
        const rows = await this.db
          .selectFrom('volunteers')
          .selectAll()
          .where((eb) => volunteerVisibility(scope)(eb))
          .where('id', '>', after)
          .orderBy('id')
          .limit(PAGE)
          .execute();
        if (!rows.length) return;
        after = rows[rows.length - 1]!.id;
        page = rows.map((v) => [
          v.volunteerNo,
          v.name,
          v.gender === 'M' ? '男' : '女',
          v.birthDate,
          '居民身份证',
          this.idCard(reveal, v.idCardEnc),
          this.phone(v.phoneEnc),
          v.residenceCode,
          yes(v.isVeteran),
          yes(v.partyMember),
          v.skills,
          hoursOf(v.confirmedMinutes, 2),
          v.starLevel,
          chinaDate(v.createdAt),
        ]);
      } else if (kind === 'teams') {
        const rows = await this.db
          .selectFrom('teams')
          .innerJoin('regions', 'regions.code', 'teams.regionCode')
          .selectAll('teams')
          .select([
            'regions.name as regionName',
            (eb) =>
              eb
                .selectFrom('memberships')
                .select((m) => m.fn.countAll<number>().as('c'))
                .whereRef('memberships.teamId', '=', 'teams.id')
                .where('memberships.leftOn', 'is', null)
                .as('members'),
          ])
          .where((eb) => teamVisibility(scope)(eb))
          .where('teams.id', '>', after)
          .orderBy('teams.id')
          .limit(PAGE)
          .execute();
        if (!rows.length) return;
        after = rows[rows.length - 1]!.id;
        const fields = await this.db
          .selectFrom('teamFields')
          .innerJoin('serviceFields', 'serviceFields.id', 'teamFields.fieldId')
          .select(['teamFields.teamId', 'serviceFields.name'])
          .where(
            'teamFields.teamId',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        page = rows.map((t) => [
          t.id,
          t.name,
          teamCategoryLabels[t.category],
          t.regionCode,
          t.regionName,
          t.hostName ?? '',
          t.leaderName,
          this.phone(t.contactPhoneEnc),
          t.foundedOn ?? '',
          fields
            .filter((f) => f.teamId === t.id)
            .map((f) => f.name)
            .join('、'),
          Number(t.members ?? 0),
          teamStatusLabels[t.status],
        ]);
      } else {
        let q = this.db
          .selectFrom('serviceRecords')
          .innerJoin('teams', 'teams.id', 'serviceRecords.teamId')
          .innerJoin('volunteers', 'volunteers.id', 'serviceRecords.volunteerId')
          .selectAll('serviceRecords')
          .select([
            'teams.name as teamName',
            'teams.regionCode as teamRegion',
            'volunteers.volunteerNo',
            'volunteers.name as volunteerName',
            'volunteers.idCardEnc',
          ])
          .where((eb) => teamVisibility(scope)(eb as never))
          .where('serviceRecords.status', '=', 'confirmed')
          .where('serviceRecords.id', '>', after);
        if (period.from) q = q.where('serviceRecords.serviceDate', '>=', period.from);
        if (period.to) q = q.where('serviceRecords.serviceDate', '<=', period.to);
        const rows = await q.orderBy('serviceRecords.id').limit(PAGE).execute();
        if (!rows.length) return;
        after = rows[rows.length - 1]!.id;
        page = rows.map((r) => [
          r.id,
          r.volunteerNo,
          r.volunteerName,
          this.idCard(reveal, r.idCardEnc),
          r.activityName,
          r.serviceDate,
          r.place,
          r.serviceObject,
          r.content,
          hoursOf(r.minutes, 2),
          r.quality,
          r.personInCharge,
          r.recorderName,
          r.teamName,
          r.teamRegion,
          r.confirmedAt ?? '',
          r.correctsId ?? '',
          r.correctionReason ?? '',
          recordStatusLabels[r.status],
        ]);
      }
      yield page.map(safeCells);
    }
  }

  /** Audits the export (before any byte leaves), then streams it. Returns the number of rows. */
  async write(
    actor: Actor,
    kind: ExchangeKind,
    format: 'xlsx' | 'csv',
    period: { from?: string; to?: string },
    out: Writable,
    context: AuditContext,
    disclosure: Disclosure = { reveal: false },
  ): Promise<number> {
    this.assertMayExport(actor, disclosure);
    const scope = scopeOf(actor);
    await this.primary.transaction().execute(async (tx) => {
      await new AuditRepo(tx).write(context, {
        action: 'statistics.exchange_export',
        result: 'success',
        targetType: 'exchange',
        targetId: kind,
        regionCode: scope.kind === 'region' ? scope.regionCode : null,
        detail: {
          kind,
          format,
          ...period,
          personalData: disclosure.reveal ? 'full' : 'masked',
          ...(disclosure.reveal ? { reason: disclosure.reason?.trim() } : {}),
        },
      });
    });
    const columns = exchangeColumns[kind];
    let count = 0;
    if (format === 'csv') {
      out.write(`\uFEFF${csvLine(columns)}\r\n`);
      for await (const page of this.rows(actor, kind, period, disclosure)) {
        count += page.length;
        if (!out.write(page.map(csvLine).join('\r\n') + '\r\n'))
          await new Promise((resolve) => out.once('drain', resolve));
      }
      out.end();
      return count;
    }
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    workbook.creator = '戎志';
    const sheet = workbook.addWorksheet(exchangeNames[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c, width: Math.max(10, c.length * 2 + 2) }));
    sheet.getRow(1).commit();
    for await (const page of this.rows(actor, kind, period, disclosure)) {
      for (const r of page) sheet.addRow(r).commit();
      count += page.length;
    }
    sheet.commit();
    await workbook.commit();
    return count;
  }
}
