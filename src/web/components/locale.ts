/** Text of the shared list-page parts (filter bar, paged table, export). */
export const listText = {
  search: '查询',
  filtersShow: (n: number) => (n > 0 ? `筛选（已设 ${n} 项）` : '筛选'),
  filtersHide: '收起筛选',
  exportExcel: '导出Excel',
};

/** What the form-error announcer says after a form is sent with mistakes. */
export const formErrorText = {
  announce: (count: number, first: string) =>
    count > 1 ? `有${count}处需要修改。第一处：${first}` : `需要修改：${first}`,
};
