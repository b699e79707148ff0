import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { withCheckDigit } from '../../shared/idcard';
import { teamCategoryLabels, veteranKindLabels, memberRoleLabels } from '../../shared/registry';
import { listServiceFields } from '../teams/serviceFields';
import { subtreeBounds, type Scope } from '../identity/scope';
import {
  sheetNames,
  staticLists,
  teamColumns,
  volunteerColumns,
  YES,
  NO,
  type ColumnSpec,
  type ListSource,
} from './columns';
import { MAX_DATA_ROWS } from './sheetReader';
import { MAX_UPLOAD_BYTES } from './uploadSafety';

/** Rows 2..this carry the dropdowns; more rows can be pasted, they are validated on import anyway. */
const DROPDOWN_ROWS = 20_000;

/** The example row is marked so it can never be imported by mistake: the importer skips it. */
export const EXAMPLE_MARK = '【示例】';

const listOrder: ListSource[] = [
  'yesNo',
  'veteranKind',
  'teamCategory',
  'memberRole',
  'serviceField',
  'ground',
];
const listTitles: Record<ListSource, string> = {
  yesNo: '是/否',
  veteranKind: '退役军人类别',
  teamCategory: '队伍类别',
  memberRole: '队内角色',
  serviceField: '服务领域',
  ground: '统一登记依据',
};

const columnLetter = (n: number): string => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

/** A village inside the downloader's area for the example row, so the example is a real place. */
async function exampleRegion(db: Kysely<DB>, scope: Scope): Promise<string> {
  let q = db.selectFrom('regions').select('code').where('level', '=', 'village');
  if (scope.kind !== 'none' && scope.kind !== 'self') {
    const { lo, hi } = subtreeBounds(scope.regionCode);
    q = q.where('code', '>=', lo).where('code', '<=', hi);
  }
  const row = await q.orderBy('code').executeTakeFirst();
  return row?.code ?? '130425100001';
}

/**
 * The import template: the data sheet with Chinese headers, one marked example row and dropdowns; a
 * 填写说明 sheet; and a hidden 选项 sheet the dropdowns read (a list typed into the validation itself is
 * capped at 255 characters, too short for the service fields).
 */
export async function buildTemplate(
  db: Kysely<DB>,
  kind: 'volunteers' | 'teams',
  scope: Scope,
): Promise<Buffer> {
  const columns: readonly ColumnSpec[] = kind === 'volunteers' ? volunteerColumns : teamColumns;
  const fields = (await listServiceFields(db)).map((f) => f.name);
  const lists: Record<ListSource, string[]> = { ...staticLists, serviceField: fields };
  const region = await exampleRegion(db, scope);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = '戎志';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(kind === 'volunteers' ? sheetNames.volunteers : sheetNames.teams, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const help = workbook.addWorksheet(sheetNames.help);
  const options = workbook.addWorksheet(sheetNames.lists, { state: 'hidden' });

  // The hidden option lists, one column each.
  const listRange = new Map<ListSource, string>();
  listOrder.forEach((source, i) => {
    const col = i + 1;
    options.getCell(1, col).value = listTitles[source];
    lists[source].forEach((value, j) => (options.getCell(j + 2, col).value = value));
    const letter = columnLetter(col);
    listRange.set(
      source,
      `'${sheetNames.lists}'!$${letter}$2:$${letter}$${Math.max(2, lists[source].length + 1)}`,
    );
  });

  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.header,
    width: c.width,
    style: c.text ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.height = 22;
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.note = `${c.required ? '【必填】' : '【选填】'}${c.help}`;
  });

  const example =
    kind === 'volunteers'
      ? exampleVolunteer(region)
      : {
          队伍名称: `${EXAMPLE_MARK}某村退役军人志愿服务队`,
          队伍类别: teamCategoryLabels.station,
          所在区划代码: region,
          '主管单位/组织名称': '',
          上级队伍编号: '',
          服务领域: fields.slice(0, 2).join('、'),
          队长姓名: '张三',
          联系电话: '0310-1234567',
          成立日期: '2022-06-01',
          简介: '示例行，导入时自动跳过，可直接删除或覆盖。',
          统一登记依据: '',
        };
  const exampleRow = sheet.addRow(example);
  exampleRow.font = { italic: true, color: { argb: 'FF808080' } };

  // A range rule is one XML element; exceljs's typings only expose the per-cell form.
  const validations = (
    sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }
  ).dataValidations;
  columns.forEach((c, i) => {
    if (!c.list) return;
    const letter = columnLetter(i + 1);
    validations.add(`${letter}2:${letter}${DROPDOWN_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [listRange.get(c.list)!],
      // Several values are typed as "a、b", which a strict list would refuse.
      showErrorMessage: !c.multi,
      errorStyle: 'stop',
      errorTitle: '请从下拉列表选择',
      error: `“${c.header}”请从下拉列表中选择`,
      showInputMessage: true,
      promptTitle: c.header,
      prompt: c.multi ? '可多选，用“、”分隔' : '请从下拉列表选择',
    });
  });

  help.columns = [
    { header: '列名', key: 'header', width: 18 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写说明', key: 'help', width: 80 },
    { header: '可选值', key: 'values', width: 60 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) {
    help.addRow({
      header: c.header,
      required: c.required ? '必填' : '选填',
      help: c.help,
      values: c.list ? lists[c.list].join('、') : '',
    });
  }
  help.getColumn('help').alignment = { wrapText: true, vertical: 'top' };
  help.getColumn('values').alignment = { wrapText: true, vertical: 'top' };
  help.addRow({});
  for (const line of generalNotes(kind)) help.addRow({ header: line });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function exampleVolunteer(region: string): Record<string, string | number> {
  return {
    姓名: `${EXAMPLE_MARK}张三`,
    // A plainly fictional person: born on 1 August (建军节) with sequence 999.
    身份证号: withCheckDigit(`${region.slice(0, 6)}19750801999`),
    手机号: '13800000000',
    居住地区划代码: region,
    是否退役军人: YES,
    退役军人类别: veteranKindLabels.soldier,
    军种: '陆军',
    服役年限: 5,
    是否党员: YES,
    是否兵支书: NO,
    特长: '驾驶、急救',
    同意宣传: YES,
    所属队伍编号: '',
    队内角色: memberRoleLabels.member,
  };
}

function generalNotes(kind: 'volunteers' | 'teams'): string[] {
  const what = kind === 'volunteers' ? '志愿者' : '队伍';
  return [
    '填写须知',
    `1. 第1行列名请勿修改；红色列名为必填。第2行是以“${EXAMPLE_MARK}”开头的示例，导入时自动跳过，可删除或覆盖。`,
    '2. 身份证号、手机号、区划代码、编号等列已设为“文本”格式，请勿改为数字，否则长数字的末几位会丢失。',
    '3. 12位区划代码可在本系统“区划”页面搜索村(社区)、乡镇名称查到，也可查国家统计局《统计用区划代码》。',
    `4. 单个文件不超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB、不超过 ${MAX_DATA_ROWS} 行；只能上传 .xlsx 格式。`,
    `5. 上传后先“校验”：系统逐行检查并列出有问题的行号、列名和原因，不写入任何数据。`,
    `6. 校验无误后选择“全部导入”（有任何错误则一行也不导入），或“仅导入无误的行”（跳过有错误的行）。`,
    kind === 'volunteers'
      ? '7. 只能登记本辖区的志愿者；同一身份证号、同一手机号只能登记一次，已登记的人员请在志愿者页面为其添加队伍。'
      : `7. 只能登记本辖区的${what}；导入的队伍为“草稿”状态，核对后在队伍页面提交登记。`,
  ];
}
