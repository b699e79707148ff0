/** The audit page's own text beyond zh.audit (区划 filter and export). */
export const auditText = {
  region: '区划（含下级）',
  regionPlaceholder: '全部区划',
  exportExcel: '导出Excel',
  exportHint: '按当前筛选条件导出审计日志（不分页），导出本身也记入审计日志',
  chainLabel: '审计链',
  chainChecking: '正在校验审计链…',
  chainOk: (rows: number) => `验证通过（共 ${rows.toLocaleString('zh-CN')} 条）`,
  chainBroken: (id: number) => `第 ${id} 条被篡改`,
  chainBrokenDetail: (at: string, action: string, reason: string) => `时间 ${at}，操作 ${action}：${reason}`,
  chainError: '审计链校验失败，请稍后重试',
  chainRecheck: '重新校验',
  chainHint: '逐条校验审计日志的哈希链：任何一条被改动或删除，都会在这里指出第一条出问题的记录',
  chainReasons: {
    content: '内容与哈希不符',
    link: '与上一条记录的链接断开',
    missing: '此前的记录缺失',
    unchained: '不在哈希链上',
    kept: '锚点前保留的记录被增删',
  } as Record<string, string>,
};
