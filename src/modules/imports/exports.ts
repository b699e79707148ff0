import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { fromFlag } from '../../db/database';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskPhone } from '../../server/security/mask';
import { phoneSchema } from '../../shared/identity';
import {
  integrationGroundLabels,
  memberRoleLabels,
  teamCategoryLabels,
  teamStatusLabels,
  veteranKindLabels,
  type TeamListQuery,
  type VolunteerListQuery,
} from '../../shared/registry';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry } from '../identity/policy';
import { scopeOf } from '../identity/scope';
import { RegionsService } from '../regions/regions.service';
import { TeamsRepo } from '../teams/teams.repo';
import { presentVolunteer } from '../volunteers/volunteers.presenter';
import { VolunteersRepo } from '../volunteers/volunteers.repo';

export type VolunteerExportFilter = Omit<VolunteerListQuery, 'page' | 'pageSize'>;
export type TeamExportFilter = Omit<TeamListQuery, 'page' | 'pageSize'>;

/** Rows read per query while streaming; the list queries are the screens' own, with bigger pages. */
const PAGE = 5000;

/**
 * Spreadsheet formula injection (OWASP "CSV injection"): a text cell that begins with = + - @, a tab or
 * a carriage return may be run as a formula once the file is saved as CSV or re-typed. Such text is
 * written with a leading apostrophe, so it stays text.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The filter as audited: a phone number typed into the search box is masked like everywhere else. */
function auditableFilter(filter: { q?: string }) {
  return filter.q && phoneSchema.safeParse(filter.q).success ? { ...filter, q: maskPhone(filter.q) } : filter;
}

type Cell = string | number | null;
const safeRow = (values: Cell[]) => values.map((v) => (typeof v === 'string' ? neutralise(v) : v));
const yesNo = (flag: number) => (fromFlag(flag) ? '是' : '否');
const genderLabel = { M: '男', F: '女' } as const;

/**
 * A streaming workbook. No styles: exceljs then registers a style for every cell written, which costs
 * more than the rest of the export; a frozen header row and column widths need none.
 */
function startWorkbook(out: Writable, sheetName: string, columns: { header: string; width: number }[]) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  workbook.creator = '戎志';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).commit();
  return { workbook, sheet };
}

/** Bulk copies of the registry, as .xlsx, of exactly what the caller's list screen shows. */
export class ExportsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  private require(actor: Actor): void {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN', '您的角色不能导出名册');
  }

  /** Checks permission up front, so a refusal is an error response rather than a broken download. */
  assertMayExport(actor: Actor): void {
    this.require(actor);
  }

  async volunteers(actor: Actor, filter: VolunteerExportFilter, out: Writable, context: AuditContext) {
    this.require(actor);
    const scope = scopeOf(actor);
    const repo = new VolunteersRepo(this.db);
    const regions = new RegionsService(this.db);
    const phoneHash = filter.q && phoneSchema.safeParse(filter.q).success ? this.crypto.hash(filter.q) : null;
    const { workbook, sheet } = startWorkbook(out, '志愿者', [
      { header: '志愿者编号', width: 13 },
      { header: '姓名', width: 10 },
      { header: '性别', width: 6 },
      { header: '年龄', width: 6 },
      { header: '身份证号', width: 21 },
      { header: '手机号', width: 14 },
      { header: '居住地', width: 36 },
      { header: '居住地区划代码', width: 15 },
      { header: '是否退役军人', width: 12 },
      { header: '退役军人类别', width: 12 },
      { header: '军种', width: 8 },
      { header: '服役年限', width: 8 },
      { header: '是否党员', width: 8 },
      { header: '是否兵支书', width: 10 },
      { header: '特长', width: 20 },
      { header: '同意宣传', width: 8 },
      { header: '所属队伍', width: 30 },
      { header: '登记时间', width: 12 },
    ]);
    let rows = 0;
    for (let page = 1; ; page++) {
      const { items } = await repo.list(scope, { ...filter, page, pageSize: PAGE }, phoneHash);
      if (items.length === 0) break;
      const [memberships, paths] = await Promise.all([
        repo.teamsOf(items.map((r) => r.id)),
        regions.pathNames(items.map((r) => r.residenceCode)),
      ]);
      const teamsOf = new Map<string, typeof memberships>();
      for (const m of memberships) teamsOf.set(m.volunteerId, [...(teamsOf.get(m.volunteerId) ?? []), m]);
      for (const row of items) {
        const v = presentVolunteer(
          row,
          this.crypto,
          teamsOf.get(row.id) ?? [],
          paths.get(row.residenceCode) ?? row.residenceName,
        );
        sheet
          .addRow(
            safeRow([
              v.volunteerNo,
              v.name,
              genderLabel[v.gender],
              v.age,
              v.idCard,
              v.phone,
              v.residencePath,
              v.residence.code,
              v.isVeteran ? '是' : '否',
              v.veteranKind ? veteranKindLabels[v.veteranKind] : null,
              row.branch,
              row.serviceYears,
              v.partyMember ? '是' : '否',
              v.veteranSecretary ? '是' : '否',
              row.skills,
              yesNo(row.publicityConsent),
              v.teams.map((t) => `${t.name}（${memberRoleLabels[t.role]}）`).join('、'),
              row.createdAt.slice(0, 10),
            ]),
          )
          .commit();
        rows++;
      }
      if (items.length < PAGE) break;
    }
    await this.finish(workbook, sheet, context, actor, 'volunteers', filter, rows);
    return rows;
  }

  async teams(actor: Actor, filter: TeamExportFilter, out: Writable, context: AuditContext) {
    this.require(actor);
    const scope = scopeOf(actor);
    const repo = new TeamsRepo(this.db);
    const regions = new RegionsService(this.db);
    const { workbook, sheet } = startWorkbook(out, '队伍', [
      { header: '队伍编号', width: 38 },
      { header: '队伍名称', width: 28 },
      { header: '队伍类别', width: 22 },
      { header: '登记状态', width: 9 },
      { header: '所在区划', width: 36 },
      { header: '所在区划代码', width: 15 },
      { header: '主管单位/组织', width: 26 },
      { header: '上级队伍编号', width: 38 },
      { header: '服务领域', width: 26 },
      { header: '队长姓名', width: 10 },
      { header: '联系电话', width: 14 },
      { header: '成员数', width: 8 },
      { header: '平均年龄', width: 8 },
      { header: '成立日期', width: 12 },
      { header: '简介', width: 40 },
      { header: '统一登记依据', width: 24 },
    ]);
    let rows = 0;
    const year = new Date().getUTCFullYear();
    for (let page = 1; ; page++) {
      const { items } = await repo.list(scope, { ...filter, page, pageSize: PAGE });
      if (items.length === 0) break;
      const ids = items.map((t) => t.id);
      const [stats, fields, paths] = await Promise.all([
        repo.stats(ids, year),
        repo.fieldsOf(ids),
        regions.pathNames(items.map((t) => t.regionCode)),
      ]);
      for (const t of items) {
        const grounds = (t.integrationGrounds ?? '')
          .split(',')
          .filter(Boolean)
          .map((g) => integrationGroundLabels[g as keyof typeof integrationGroundLabels] ?? g);
        sheet
          .addRow(
            safeRow([
              t.id,
              t.name,
              teamCategoryLabels[t.category],
              teamStatusLabels[t.status],
              paths.get(t.regionCode) ?? t.regionName,
              t.regionCode,
              t.organizationName ?? t.hostName,
              t.parentId,
              (fields.get(t.id) ?? []).map((f) => f.name).join('、'),
              t.leaderName,
              t.contactPhoneEnc ? maskPhone(this.crypto.decrypt(t.contactPhoneEnc)) : null,
              stats.get(t.id)?.memberCount ?? 0,
              stats.get(t.id)?.averageAge ?? null,
              t.foundedOn,
              t.description,
              grounds.join('、'),
            ]),
          )
          .commit();
        rows++;
      }
      if (items.length < PAGE) break;
    }
    await this.finish(workbook, sheet, context, actor, 'teams', filter, rows);
    return rows;
  }

  /** The audit row is written before the file is closed, so a finished download is always audited. */
  private async finish(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    sheet: ExcelJS.Worksheet,
    context: AuditContext,
    actor: Actor,
    kind: 'volunteers' | 'teams',
    filter: { q?: string },
    rows: number,
  ) {
    await new AuditRepo(this.db).write(context, {
      action: `export.${kind}`,
      result: 'success',
      targetType: kind === 'volunteers' ? 'volunteer' : 'team',
      regionCode: actor.regionCode,
      detail: { filter: auditableFilter(filter), rows },
    });
    sheet.commit();
    await workbook.commit();
  }
}
