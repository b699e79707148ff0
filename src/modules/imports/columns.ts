import {
  integrationGroundLabels,
  memberRoleLabels,
  teamCategoryLabels,
  veteranKindLabels,
} from '../../shared/registry';

/** Where a column's dropdown takes its values from (the template writes them to a hidden sheet). */
export type ListSource = 'yesNo' | 'veteranKind' | 'teamCategory' | 'memberRole' | 'serviceField' | 'ground';

export interface ColumnSpec {
  header: string;
  required: boolean;
  /** Kept as text in Excel: long digit strings typed as numbers lose their last digits. */
  text?: boolean;
  width: number;
  list?: ListSource;
  /** Several values separated by 、 (the dropdown offers one; the others are typed). */
  multi?: boolean;
  help: string;
}

export const YES = '是';
export const NO = '否';

export const volunteerColumns = [
  { header: '姓名', required: true, width: 12, help: '2至30个字。' },
  {
    header: '身份证号',
    required: true,
    text: true,
    width: 22,
    help: '18位居民身份证号码，末位可为X；系统会核对校验位，并据此填出生日期和性别。请保持本列为“文本”格式。',
  },
  {
    header: '手机号',
    required: false,
    text: true,
    width: 14,
    help: '11位中国大陆手机号码；同一手机号只能登记一名志愿者。',
  },
  {
    header: '居住地区划代码',
    required: true,
    text: true,
    width: 18,
    help: '12位统计用区划代码（村/社区一级最准确）。在本系统“区划”页面搜索村(社区)名称即可看到代码；也可查国家统计局《统计用区划代码》。只填代码，不填名称。',
  },
  { header: '是否退役军人', required: true, width: 13, list: 'yesNo', help: '填“是”或“否”。' },
  {
    header: '退役军人类别',
    required: false,
    width: 14,
    list: 'veteranKind',
    help: '从下拉列表选择；不是退役军人时留空。',
  },
  { header: '军种', required: false, width: 10, help: '如 陆军、海军、空军、火箭军、武警；不超过20个字。' },
  { header: '服役年限', required: false, width: 10, help: '整数年，0至60。' },
  { header: '是否党员', required: false, width: 10, list: 'yesNo', help: '填“是”或“否”，留空按“否”。' },
  {
    header: '是否兵支书',
    required: false,
    width: 11,
    list: 'yesNo',
    help: '退役军人担任村党支部书记填“是”，留空按“否”。',
  },
  { header: '特长', required: false, width: 20, help: '如 驾驶、急救、文艺；不超过200个字。' },
  {
    header: '同意宣传',
    required: false,
    width: 10,
    list: 'yesNo',
    help: '本人是否同意在宣传中使用其事迹和照片，留空按“否”。',
  },
  {
    header: '所属队伍编号',
    required: false,
    text: true,
    width: 38,
    help: '可选：加入的队伍编号（队伍详情页显示）。市、县、乡、村管理员为本辖区居民登记时可留空；居住地不在本辖区时必须填写本辖区队伍；单位/组织管理员和队长必须填写自己管理的队伍。',
  },
  {
    header: '队内角色',
    required: false,
    width: 10,
    list: 'memberRole',
    help: '填写了所属队伍时有效，留空按“队员”。',
  },
] as const satisfies readonly ColumnSpec[];

export const teamColumns = [
  { header: '队伍名称', required: true, width: 26, help: '2至60个字；同一区划下不能重名。' },
  { header: '队伍类别', required: true, width: 22, list: 'teamCategory', help: '从下拉列表选择。' },
  {
    header: '所在区划代码',
    required: true,
    text: true,
    width: 18,
    help: '12位统计用区划代码：依托服务站组建的填服务站所在的村/社区、乡镇或县区代码。在本系统“区划”页面可查。',
  },
  {
    header: '主管单位/组织名称',
    required: false,
    width: 26,
    help: '直属单位组建、社会组织组建的队伍必填，须与系统中登记的单位或组织名称完全一致；其他类别可填依托或发起单位名称（仅作记录）。',
  },
  {
    header: '上级队伍编号',
    required: false,
    text: true,
    width: 38,
    help: '登记分队时填写上级队伍的编号（队伍详情页显示）；队长只能登记本队的分队。',
  },
  {
    header: '服务领域',
    required: false,
    width: 24,
    list: 'serviceField',
    multi: true,
    help: '可填多个，用“、”分隔，名称须与下拉列表一致。',
  },
  { header: '队长姓名', required: true, width: 12, help: '2至30个字。' },
  {
    header: '联系电话',
    required: false,
    text: true,
    width: 15,
    help: '手机号或带区号的固定电话，如 0310-1234567。',
  },
  { header: '成立日期', required: false, width: 12, help: '格式 YYYY-MM-DD，如 2022-06-01。' },
  { header: '简介', required: false, width: 30, help: '不超过2000字。' },
  {
    header: '统一登记依据',
    required: false,
    width: 24,
    list: 'ground',
    multi: true,
    help: '“整合社会资源(统一登记)”类别必填，可多选，用“、”分隔。',
  },
] as const satisfies readonly ColumnSpec[];

export type VolunteerHeader = (typeof volunteerColumns)[number]['header'];
export type TeamHeader = (typeof teamColumns)[number]['header'];

/** Sheet names; the importer finds the data sheet by its header row, not by name. */
export const sheetNames = {
  volunteers: '志愿者',
  teams: '队伍',
  help: '填写说明',
  lists: '选项',
} as const;

export const staticLists: Record<Exclude<ListSource, 'serviceField'>, string[]> = {
  yesNo: [YES, NO],
  veteranKind: Object.values(veteranKindLabels),
  teamCategory: Object.values(teamCategoryLabels),
  memberRole: Object.values(memberRoleLabels),
  ground: Object.values(integrationGroundLabels),
};

/** 、 is what the template asks for; commas, semicolons and slashes are what people type anyway. */
export const splitMulti = (text: string): string[] =>
  text
    .split(/[、,，;；/／\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
