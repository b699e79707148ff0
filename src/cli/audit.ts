import { parseArgs } from 'node:util';
import { verifyAuditChain, type BrokenLink, type ChainStatus } from '../modules/audit/chain';
import { runAuditPurge, systemAuditContext } from '../modules/audit/retention';
import { loadConfig } from '../server/config';
import { openDatabase, prepareDatabase } from '../server/runtime';

export const auditUsage = `用法:
  rongzhi audit verify                 从链锚点起逐条校验审计日志哈希链；通过输出 OK 与条数（退出码 0），
                                       否则输出第一条被篡改的记录（编号、时间、操作，退出码 1）
  rongzhi audit purge [--before 日期]   删除超过保存期限的审计日志（至少6个月；导出、下载类3年），
                                       --before 只能更早；删除本身记入审计日志`;

const reasons: Record<BrokenLink['reason'], string> = {
  content: '内容与哈希不符',
  link: '与上一条记录的链接断开',
  missing: '此前的记录缺失',
  unchained: '不在哈希链上',
  kept: '锚点前保留的记录被增删',
};

export function describeChainStatus(status: ChainStatus): string {
  if (status.ok) return `OK 审计链验证通过：共 ${status.rows} 条记录（链锚点 ${status.anchorSeq}）`;
  const b = status.broken;
  return `审计链第 ${b.id} 条被篡改：编号 ${b.id}，时间 ${b.at}，操作 ${b.action}（${reasons[b.reason]}；此前已校验 ${status.rows} 条）`;
}

const beijing = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

function parseBefore(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00+08:00` : text);
  if (Number.isNaN(at.getTime())) throw new Error(`--before 应为日期，如 2025-01-01：${text}`);
  return at;
}

/** `rongzhi audit verify|purge`: returns the exit code. */
export async function runAuditCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify' && sub !== 'purge') {
    console.error(auditUsage);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: sub === 'purge' ? { before: { type: 'string' } } : {},
    strict: true,
  });
  const before = parseBefore(values.before as string | undefined);
  const config = loadConfig();
  const database = openDatabase(config);
  try {
    await prepareDatabase(database, config.seedRegion);
    if (sub === 'verify') {
      const status = await verifyAuditChain(database.db);
      const line = describeChainStatus(status);
      if (status.ok) console.log(line);
      else console.error(line);
      return status.ok ? 0 : 1;
    }
    const result = await runAuditPurge(database.db, { before, context: systemAuditContext('cli') });
    console.log(
      `已删除 ${result.removed} 条早于 ${beijing(result.cutoff)}（北京时间）的审计日志，保留 ${result.kept} 条仍在保存期内的导出记录，链锚点 ${result.anchorSeq}`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
