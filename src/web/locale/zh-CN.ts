import { regionLevelLabels, type RegionLevel } from '../../shared/regions';

/**
 * Every string the web app shows, in Chinese. Pages import `zh` and never write their own literals,
 * so wording is reviewed in one place and a second locale would be one more file of this shape.
 */
export const zh = {
  app: {
    name: '戎志',
    subtitle: '退役军人志愿服务平台',
    documentTitle: '戎志 · 退役军人志愿服务平台',
    owner: '邯郸市退役军人事务局',
    footer: '邯郸市退役军人事务局 · 戎志退役军人志愿服务平台',
    skipToContent: '跳到主要内容',
    loading: '正在加载…',
  },
  nav: {
    label: '主导航',
    openMenu: '打开导航菜单',
    menuTitle: '导航菜单',
    home: '首页',
    regions: '区划与服务站',
    teams: '队伍',
    volunteers: '志愿者',
    activities: '活动',
    honours: '荣誉',
    stats: '统计',
  },
  elderly: {
    label: '适老模式',
    on: '开',
    off: '关',
    enabled: '已开启适老模式：字号更大、对比度更高',
    disabled: '已关闭适老模式',
  },
  home: {
    title: '欢迎使用戎志平台',
    lead: '戎志是邯郸市退役军人事务系统的退役军人志愿服务平台，服务于“一村（社区）一队伍、一县（区）一品牌、一个品牌一个亮点”的工作格局。',
    intro:
      '平台以市、县（区）、乡镇（街道）、村（社区）四级退役军人服务中心（站）为依托，登记志愿服务队伍和志愿者，记录每一次志愿服务，为荣誉激励和宣传发动提供依据。',
    regionsCardTitle: '区划与服务站',
    regionsCardText: '逐级查看全市县区、乡镇街道、村社区及其退役军人服务中心（站）信息，或按地名搜索。',
    regionsCardAction: '进入区划浏览',
    comingTitle: '即将上线',
    comingText: '队伍登记、志愿者管理、活动与服务记录、荣誉激励和统计分析等功能将陆续开放。',
    facts: [
      { label: '四级服务体系', value: '市 · 县区 · 乡镇街道 · 村社区' },
      { label: '队伍组建方式', value: '依托服务站 · 直属单位 · 社会组织 · 整合资源' },
    ],
  },
  regions: {
    pageTitle: '区划与服务站',
    rootsTitle: '顶级区划',
    noRoots: '尚未导入行政区划数据',
    breadcrumbLabel: '当前位置',
    codeLabel: '区划代码',
    searchLabel: '搜索地名',
    searchPlaceholder: '输入地名，如：大名',
    searchButton: '搜索',
    searchResultsTitle: (q: string) => `“${q}”的搜索结果`,
    searchCount: (n: number) => `共 ${n} 条`,
    searchEmpty: '没有找到匹配的地名',
    searchClear: '清除搜索',
    pathLabel: '所属',
    countsTitle: '下辖区划',
    counts: {
      county: '县区',
      township: '乡镇街道',
      village: '村社区',
    },
    childrenTitle: '下级区划',
    childrenEmpty: '没有下级区划',
    columns: {
      name: '名称',
      level: '层级',
      veteranSecretary: '兵支书',
    },
    veteranSecretary: {
      title: '兵支书',
      hint: '村党组织书记由退役军人担任',
      yes: '是',
      no: '否',
    },
    villageInfoTitle: '村（社区）情况',
    loadError: '无法加载区划信息',
    levelLabel: (level: RegionLevel) => regionLevelLabels[level],
  },
  station: {
    centreTitle: '退役军人服务中心',
    stationTitle: '退役军人服务站',
    name: '名称',
    address: '地址',
    contactName: '联系人',
    contactPhone: '联系电话',
    updatedAt: '更新时间',
    notFilled: '未填写',
    neverUpdated: '尚未维护',
    edit: '编辑',
  },
  errors: {
    notFoundTitle: '页面不存在',
    notFoundText: '您访问的页面不存在或已被移除，请检查地址是否正确。',
    backHome: '返回首页',
    genericTitle: '页面出错了',
    genericText: '页面出现了意外错误，请刷新页面后重试。如果问题持续出现，请联系系统管理员。',
    reload: '刷新页面',
    retry: '重试',
    network: '无法连接服务器，请检查网络后重试',
    badResponse: '服务器返回的内容无法识别，请稍后重试',
    httpStatus: (status: number) => `请求失败（状态码 ${status}），请稍后重试`,
  },
} as const;

/** Asia/Shanghai date-time, the way Chinese admin consoles show it: 2024-05-01 14:30. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Counts read better with a thousands separator (5,835). */
export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN');
}
