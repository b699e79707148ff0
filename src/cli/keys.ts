import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AuditRepo } from '../modules/audit/audit.repo';
import { systemAuditContext } from '../modules/audit/retention';
import { loadConfig } from '../server/config';
import { openDatabase, prepareDatabase } from '../server/runtime';
import { keyFileIn, readKeyRing } from '../server/security/fieldCrypto';
import { ciphertextCounts, rotateKeys } from '../server/security/rotation';

export const keysUsage = `用法:
  rongzhi keys status                     列出密钥环中的密钥及各自加密的字段数
  rongzhi keys rotate [--batch 500] [--grace 3] [--resume]
      加入新的主密钥（运行中的服务1秒内读到，无需停机），等待 --grace 秒后把旧密钥加密的字段
      分批（每批一个事务）改用新密钥加密；旧密钥不再被任何字段使用时才从密钥环移除。
      --resume 不加新密钥，只继续上次未完成的重新加密。身份证号、手机号的查找哈希密钥不轮换。
      密钥文件须在数据目录（master.key）；使用 RONGZHI_MASTER_KEY 时不能轮换。轮换后请重新备份密钥文件。`;

/** `rongzhi keys status|rotate`: returns the exit code. */
export async function runKeysCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'rotate' && sub !== 'status') {
    console.error(keysUsage);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      batch: { type: 'string' },
      grace: { type: 'string' },
      resume: { type: 'boolean' },
    },
    strict: true,
  });
  if (process.env.RONGZHI_MASTER_KEY)
    throw new Error('主密钥来自环境变量 RONGZHI_MASTER_KEY，不能轮换：请改用数据目录中的密钥文件 master.key');
  const config = loadConfig();
  const file = keyFileIn(config.dataDir);
  if (!existsSync(file)) throw new Error(`没有密钥文件 ${file}`);
  const batch = values.batch === undefined ? 500 : Number(values.batch);
  const grace = values.grace === undefined ? 3 : Number(values.grace);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000)
    throw new Error('--batch 应为 1 至 10000 的整数');
  if (!Number.isFinite(grace) || grace < 0 || grace > 600) throw new Error('--grace 应为 0 至 600 秒');

  const database = openDatabase(config);
  try {
    await prepareDatabase(database, config.seedRegion);
    if (sub === 'status') {
      const ring = readKeyRing(file);
      const counts = await ciphertextCounts(database.db, [...ring.keys.keys()]);
      for (const [id, { addedAt }] of ring.keys)
        console.log(
          `${id}${id === ring.primary ? '（主密钥）' : ''}  加密字段 ${counts.get(id)} 个${addedAt ? `  加入于 ${addedAt}` : ''}`,
        );
      return 0;
    }
    const result = await rotateKeys(database.db, {
      file,
      batch,
      graceMs: grace * 1000,
      resume: values.resume ?? false,
      log: (line) => console.error(line),
    });
    await new AuditRepo(database.db).write(systemAuditContext('cli'), {
      action: 'security.keys.rotate',
      result: 'success',
      detail: {
        keyId: result.newKeyId,
        reencrypted: result.reencrypted,
        retired: result.retired,
        stillUsed: result.stillUsed,
      },
    });
    const left = Object.entries(result.stillUsed);
    console.log(
      `主密钥 ${result.newKeyId}；重新加密 ${result.reencrypted} 个字段；移除旧密钥 ${result.retired.join(', ') || '无'}` +
        (left.length
          ? `；仍在使用的旧密钥：${left.map(([id, n]) => `${id}（${n}）`).join('，')}，请稍后执行 rongzhi keys rotate --resume`
          : ''),
    );
    return left.length ? 1 : 0;
  } finally {
    await database.close();
  }
}
