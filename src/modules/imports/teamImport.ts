import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { DB, TeamEventsTable, TeamFieldsTable, TeamsTable } from '../../db/types';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import {
  integrationGroundLabels,
  integrationGrounds,
  teamCategoryLabels,
  teamInputSchema,
  type TeamInput,
} from '../../shared/registry';
import { z } from '../../shared/zod';
import type { Actor } from '../identity/actor';
import type { Scope } from '../identity/scope';
import { placementProblemField, placementProblems, type PlacementProblem } from '../teams/teams.service';
import { splitMulti, teamColumns, type TeamHeader } from './columns';
import { existingRegionCodes, visibleTeams } from './lookups';
import { insertMany } from './batchInsert';
import { checkRows, chunks, readSheetRows, RowReader, type ValidationOutcome } from './rowParsing';
import type { SheetRow } from './sheetReader';
import type { Writer } from './volunteerImport';

const INSERT_BATCH = 500;

const columnOf: Record<keyof TeamInput, TeamHeader> = {
  name: '队伍名称',
  category: '队伍类别',
  integrationGrounds: '统一登记依据',
  regionCode: '所在区划代码',
  organizationId: '主管单位/组织名称',
  hostName: '主管单位/组织名称',
  parentId: '上级队伍编号',
  fieldIds: '服务领域',
  leaderName: '队长姓名',
  contactPhone: '联系电话',
  foundedOn: '成立日期',
  description: '简介',
};
const headerOrder = teamColumns.map((c) => c.header);
const uuid = z.uuid();
type Ground = (typeof integrationGrounds)[number];

export interface PreparedTeam {
  row: number;
  input: TeamInput;
  parentPath: string;
}

interface Pending {
  r: RowReader<TeamHeader>;
  input?: TeamInput;
  hostText?: string;
  category?: TeamInput['category'];
  regionCode?: string;
  parentId?: string;
  name?: string;
}

function readRow(row: SheetRow, fieldByName: Map<string, string>): Pending {
  const r = new RowReader<TeamHeader>(row);
  const name = r.text('队伍名称', { required: true });
  const category = r.choice('队伍类别', teamCategoryLabels, { required: true });
  const regionCode = r.digits('所在区划代码', { required: true });
  const hostText = r.text('主管单位/组织名称', { max: 100 });
  const parentText = r.text('上级队伍编号');
  const parentId =
    parentText === undefined
      ? undefined
      : uuid.safeParse(parentText).success
        ? parentText.toLowerCase()
        : r.fail('上级队伍编号', '队伍编号格式不正确，请从队伍详情页复制');
  const fieldIds: string[] = [];
  for (const fieldName of splitMulti(r.text('服务领域') ?? '')) {
    const id = fieldByName.get(fieldName);
    if (id) fieldIds.push(id);
    else r.fail('服务领域', `服务领域“${fieldName}”不存在，请从下拉列表选择`);
  }
  const grounds: Ground[] = [];
  for (const label of splitMulti(r.text('统一登记依据') ?? '')) {
    const ground = integrationGrounds.find((g) => integrationGroundLabels[g] === label || g === label);
    if (ground) grounds.push(ground);
    else
      r.fail(
        '统一登记依据',
        `统一登记依据“${label}”无效，可选：${Object.values(integrationGroundLabels).join('、')}`,
      );
  }
  const candidate = {
    name: name ?? '',
    category,
    integrationGrounds: [...new Set(grounds)],
    regionCode: regionCode ?? '',
    organizationId: null,
    hostName: category === 'unit' || category === 'social' ? null : (hostText ?? null),
    parentId: parentId ?? null,
    fieldIds: [...new Set(fieldIds)],
    leaderName: r.text('队长姓名', { required: true }) ?? '',
    contactPhone: r.text('联系电话') ?? '',
    foundedOn: r.date('成立日期') ?? null,
    description: r.text('简介', { max: 2000 }) ?? '',
  };
  const input = r.check(teamInputSchema, candidate, columnOf);
  return {
    r,
    input,
    hostText,
    category,
    parentId,
    name: name?.trim(),
    regionCode: regionCode && /^\d{12}$/.test(regionCode) ? regionCode : undefined,
  };
}

/**
 * Checks every row of a teams sheet as TeamsService.create's placement check would (region, host
 * organisation, parent team, grounds), plus duplicate names in one region, in the file or already
 * registered.
 */
export async function validateTeams(
  db: Kysely<DB>,
  scope: Scope,
  rows: AsyncIterable<SheetRow[]>,
  progress: (processed: number, total: number) => void,
): Promise<ValidationOutcome<PreparedTeam>> {
  const fields = await db
    .selectFrom('serviceFields')
    .select(['id', 'name'])
    .where('active', '=', 1)
    .execute();
  const fieldByName = new Map(fields.map((f) => [f.name, f.id]));
  const pending = await readSheetRows(rows, '队伍名称', (row) => readRow(row, fieldByName));
  const total = pending.length;
  progress(0, total);

  const orgNames = [...new Set(pending.flatMap((p) => (p.hostText ? [p.hostText] : [])))];
  const names = [...new Set(pending.flatMap((p) => (p.name ? [p.name] : [])))];
  const [regions, parents, orgs, existing] = await Promise.all([
    existingRegionCodes(
      db,
      pending.flatMap((p) => (p.regionCode ? [p.regionCode] : [])),
    ),
    visibleTeams(
      db,
      scope,
      pending.flatMap((p) => (p.parentId ? [p.parentId] : [])),
    ),
    (async () => {
      const out = new Map<string, { id: string; kind: 'unit' | 'social'; regionCode: string }>();
      for (const batch of chunks(orgNames, 500)) {
        const rows = await db
          .selectFrom('organizations')
          .select(['id', 'name', 'kind', 'regionCode'])
          .where('name', 'in', batch)
          .execute();
        for (const o of rows) out.set(o.name, o);
      }
      return out;
    })(),
    (async () => {
      // Names are not personal data; a clash is reported without saying more about the other team.
      const out = new Set<string>();
      for (const batch of chunks(names, 500)) {
        const rows = await db
          .selectFrom('teams')
          .select(['name', 'regionCode'])
          .where('name', 'in', batch)
          .where('status', '!=', 'dissolved')
          .execute();
        for (const t of rows) out.add(`${t.regionCode}|${t.name}`);
      }
      return out;
    })(),
  ]);

  const firstName = new Map<string, number>();
  return checkRows(pending, headerOrder, progress, (p): PreparedTeam | undefined => {
    const { r } = p;
    const hosted = p.category === 'unit' || p.category === 'social';
    const org = hosted && p.hostText ? (orgs.get(p.hostText) ?? null) : undefined;
    const parent = p.parentId ? (parents.get(p.parentId) ?? null) : null;
    const problems = placementProblems(scope, {
      region: p.regionCode ? { code: p.regionCode, exists: regions.has(p.regionCode) } : undefined,
      category: p.category,
      organization: org,
      integrationGrounds: p.input?.integrationGrounds,
      // A cell that could not be read as a team number has already been reported.
      parentNamed: r.has('上级队伍编号'),
      parent,
    });
    for (const problem of problems) r.fail(...importMessage(problem, p));
    if (p.name && p.regionCode) {
      const key = `${p.regionCode}|${p.name}`;
      const first = firstName.get(key);
      if (first !== undefined) r.fail('队伍名称', `与第${first}行的队伍同名且在同一区划`);
      else if (existing.has(key)) r.fail('队伍名称', '该区划下已有同名队伍');
      else firstName.set(key, r.row);
    }
    if (!p.input) return undefined;
    const organizationId =
      org && !problems.some((x) => placementProblemField[x] === 'organizationId') ? org.id : null;
    return { row: r.row, input: { ...p.input, organizationId }, parentPath: parent?.path ?? '/' };
  });
}

/** A placement problem as the sheet's column and the message a person filling it in can act on. */
function importMessage(problem: PlacementProblem, p: Pending): [TeamHeader, string] {
  switch (problem) {
    case 'regionNotFound':
      return ['所在区划代码', '区划代码不存在，请核对12位代码'];
    case 'regionOutOfScope':
      return ['所在区划代码', '队伍所在区划超出您的管辖范围'];
    case 'organizationMissing':
      return ['主管单位/组织名称', '直属单位、社会组织组建的队伍请填写主管单位或组织名称'];
    case 'organizationNotFound':
      return ['主管单位/组织名称', `未找到名为“${p.hostText}”的直属单位或社会组织，请核对名称`];
    case 'organizationKindMismatch':
      return [
        '主管单位/组织名称',
        p.category === 'unit' ? '该名称是社会组织，不是直属单位' : '该名称是直属单位，不是社会组织',
      ];
    case 'organizationNotOwn':
      return ['主管单位/组织名称', '只能登记本单位/本组织的队伍'];
    case 'organizationOutOfScope':
      return ['主管单位/组织名称', '该单位或组织超出您的管辖范围'];
    case 'categoryOutsideOrganization':
      return ['队伍类别', '单位或社会组织只能登记本组织的队伍（直属单位组建或社会组织组建）'];
    case 'groundsMissing':
      return ['统一登记依据', '整合社会资源(统一登记)的队伍请至少填写一项登记依据'];
    case 'fieldUnknown':
      // Names are resolved while reading the row; kept for completeness.
      return ['服务领域', '服务领域不存在，请从下拉列表选择'];
    case 'parentRequired':
      return ['上级队伍编号', '队长只能登记本队的分队，请填写上级队伍编号'];
    case 'parentNotFound':
    case 'parentIsDescendant':
      return ['上级队伍编号', '上级队伍不存在或不在您的管辖范围内'];
  }
}

/** Prepares validated teams as drafts (统一登记 is submitted afterwards, team by team). */
export async function prepareTeamWrite(
  crypto: FieldCrypto,
  actor: Actor,
  rows: PreparedTeam[],
  progress: (processed: number, total: number) => void,
  now = new Date(),
): Promise<Writer> {
  const at = now.toISOString();
  const teams: Insertable<TeamsTable>[] = [];
  const fields: Insertable<TeamFieldsTable>[] = [];
  const events: Insertable<TeamEventsTable>[] = [];
  for (const { input, parentPath } of rows) {
    const id = randomUUID();
    teams.push({
      id,
      name: input.name,
      category: input.category,
      integrationGrounds: input.category === 'integrated' ? input.integrationGrounds.join(',') : null,
      regionCode: input.regionCode,
      organizationId:
        input.category === 'unit' || input.category === 'social' ? (input.organizationId ?? null) : null,
      hostName: input.hostName || null,
      parentId: input.parentId ?? null,
      path: `${parentPath}${id}/`,
      leaderName: input.leaderName,
      contactPhoneEnc: input.contactPhone ? crypto.encrypt(input.contactPhone) : null,
      foundedOn: input.foundedOn ?? null,
      description: input.description,
      status: 'draft',
      createdAt: at,
      createdBy: actor.accountId,
      updatedAt: at,
    });
    for (const fieldId of input.fieldIds) fields.push({ teamId: id, fieldId });
    events.push({
      id: randomUUID(),
      teamId: id,
      at,
      accountId: actor.accountId,
      actorName: actor.displayName,
      action: 'create',
      fromStatus: null,
      toStatus: 'draft',
      reason: '批量导入',
    });
  }
  return async (tx) => {
    const written = await insertMany(tx, 'teams', teams, INSERT_BATCH, (n) => progress(n, teams.length));
    await insertMany(tx, 'teamFields', fields, INSERT_BATCH);
    await insertMany(tx, 'teamEvents', events, INSERT_BATCH);
    return written;
  };
}
