import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import type { AuditContext } from '../identity/actor';
import { neutralise } from '../imports/exports';
import { AuditRepo, type AuditFilter } from './audit.repo';

/** Rows read per query while the workbook streams out. */
const BATCH = 5000;

const resultLabels = { success: '成功', failure: '失败', denied: '拒绝' } as const;

/** The bureau reads times in Beijing time, whatever the server's own zone: 2026-03-05 09:30:00. */
export function beijingTime(iso: string): string {
  const at = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The filtered log as .xlsx, newest first, streamed. Every text cell is neutralised against formula
 * injection: usernames, targets and details come from people and requests, not from the system.
 * The export is itself audited (audit.export) before the file is closed, so a finished download
 * always has its entry.
 */
export async function exportAuditLog(
  db: Kysely<DB>,
  filter: AuditFilter,
  out: Writable,
  context: AuditContext,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  workbook.creator = '戎志';
  const sheet = workbook.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '编号', width: 9 },
    { header: '时间（北京时间）', width: 20 },
    { header: '用户名', width: 14 },
    { header: '操作', width: 24 },
    { header: '结果', width: 6 },
    { header: '对象类型', width: 12 },
    { header: '对象编号', width: 38 },
    { header: '区划代码', width: 15 },
    { header: 'IP地址', width: 16 },
    { header: '详情', width: 60 },
  ];
  sheet.getRow(1).commit();
  const repo = new AuditRepo(db);
  let rows = 0;
  for await (const batch of repo.scan(filter, BATCH)) {
    for (const e of batch) {
      const values: (string | number | null)[] = [
        e.id,
        beijingTime(e.at),
        e.username,
        e.action,
        resultLabels[e.result],
        e.targetType,
        e.targetId,
        e.regionCode,
        e.ip,
        e.detail,
      ];
      sheet.addRow(values.map((v) => (typeof v === 'string' ? neutralise(v) : v))).commit();
      rows++;
    }
  }
  await repo.write(context, { action: 'audit.export', result: 'success', detail: { filter, rows } });
  sheet.commit();
  await workbook.commit();
  return rows;
}
