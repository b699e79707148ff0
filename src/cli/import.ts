import { createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Database } from '../db/database';
import { actorOf } from '../modules/identity/auth.service';
import type { Actor, AuditContext } from '../modules/identity/actor';
import { ExportsService } from '../modules/imports/exports';
import {
  ImportsService,
  importModes,
  type ImportMode,
  type ImportResult,
} from '../modules/imports/imports.service';
import type { ImportProgress } from '../modules/imports/progress';
import { MAX_UPLOAD_BYTES } from '../modules/imports/uploadSafety';
import { loadConfig } from '../server/config';
import { AppError } from '../server/errors';
import { openDatabase, prepareDatabase } from '../server/runtime';
import { createFieldCrypto, loadMasterKey, type FieldCrypto } from '../server/security/fieldCrypto';
import { teamListQuerySchema, volunteerListQuerySchema } from '../shared/registry';

export const importUsage = `用法:
  rongzhi import volunteers 文件.xlsx --as 用户名 [--mode validate|all-or-nothing|valid-only] [--all]
  rongzhi import teams 文件.xlsx --as 用户名 [--mode …] [--all]
      以该账号的身份和管辖范围批量登记。默认 validate：只校验、不写入。
      all-or-nothing：全部无误才导入；valid-only：只导入无误的行。
      进度显示在标准错误上；有问题的行列在标准输出，默认最多显示200条（--all 显示全部）。
      退出码：0 全部无误（已导入或可导入），1 有问题行或出错。
  rongzhi export volunteers 输出.xlsx --as 用户名 [--region 12位区划代码] [--team 队伍编号]
  rongzhi export teams 输出.xlsx --as 用户名 [--region 12位区划代码]
      按该账号的管辖范围导出名册（身份证号、手机号脱敏）。`;

const phaseLabels: Record<ImportProgress['phase'], string> = {
  checking: '检查文件',
  validating: '逐行校验',
  writing: '写入数据',
  done: '完成',
  failed: '失败',
};

/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  }
  return width;
}
const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/**
 * A progress bar on stderr (stdout stays for the result): redrawn in place on a terminal, and when
 * redirected to a file one line per phase and per tenth, so a log stays readable.
 */
export function progressBar(out: NodeJS.WriteStream = process.stderr) {
  let lastLine = '';
  let lastKey = '';
  const draw = (p: ImportProgress) => {
    const label = phaseLabels[p.phase];
    let line: string;
    let key: string;
    if (p.total > 0) {
      const percent = Math.min(100, Math.floor((p.processed / p.total) * 100));
      const filled = Math.round((percent / 100) * 30);
      line = `${pad(label, 8)} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${String(percent).padStart(3)}%  ${p.processed}/${p.total} 行`;
      key = `${p.phase}:${Math.floor(percent / 10)}`;
    } else {
      line = `${pad(label, 8)} 已读取 ${p.processed} 行`;
      key = p.phase;
    }
    if (line === lastLine) return;
    lastLine = line;
    if (out.isTTY) {
      out.write(`\r${line}\x1b[K`);
      if (p.phase === 'done' || p.phase === 'failed') out.write('\n');
    } else if (key !== lastKey) {
      out.write(`${line}\n`);
    }
    lastKey = key;
  };
  return draw;
}

/** The row problems as an aligned table, then one summary line. */
export function formatResult(result: ImportResult, mode: ImportMode, limit: number): string {
  const lines: string[] = [];
  if (result.errors.length) {
    const shown = result.errors.slice(0, limit);
    const rowWidth = Math.max(2, ...shown.map((e) => String(e.row).length));
    const colWidth = Math.max(4, ...shown.map((e) => displayWidth(e.column)));
    lines.push(`${pad('行', rowWidth)}  ${pad('列', colWidth)}  问题`);
    lines.push(`${'-'.repeat(rowWidth)}  ${'-'.repeat(colWidth)}  ${'-'.repeat(30)}`);
    for (const e of shown)
      lines.push(`${pad(String(e.row), rowWidth)}  ${pad(e.column, colWidth)}  ${e.message}`);
    if (result.errors.length > shown.length)
      lines.push(`… 另有 ${result.errors.length - shown.length} 处问题未显示（加 --all 显示全部）`);
    lines.push('');
  }
  const errorRows = new Set(result.errors.map((e) => e.row)).size;
  lines.push(
    `共 ${result.total} 行：无误 ${result.valid} 行，有问题 ${errorRows} 行（${result.errors.length} 处）；已导入 ${result.imported} 行。`,
  );
  if (mode === 'validate' && result.total > 0) {
    lines.push(
      result.errors.length
        ? '仅校验，未写入。改正后重新校验，或用 --mode valid-only 只导入无误的行。'
        : '校验通过，未写入。用 --mode all-or-nothing 正式导入。',
    );
  } else if (mode === 'all-or-nothing' && result.errors.length) {
    lines.push('存在问题行，按“全部无误才导入”的要求，本次未导入任何数据。');
  }
  return lines.join('\n');
}

async function actorByUsername(database: Database, username: string): Promise<Actor> {
  const account = await database.db
    .selectFrom('accounts')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  if (!account || account.status !== 'active') throw new Error(`账号 ${username} 不存在或已停用`);
  return actorOf(account, 'staff');
}

async function withRuntime<T>(fn: (database: Database, crypto: FieldCrypto) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = openDatabase(config);
  try {
    await prepareDatabase(database, config.seedRegion);
    return await fn(database, createFieldCrypto(loadMasterKey(config.dataDir)));
  } finally {
    await database.close();
  }
}

const cliContext = (actor: Actor): AuditContext => ({
  accountId: actor.accountId,
  username: actor.username,
  ip: null,
});

/** `rongzhi import …` and `rongzhi export …`: the same services as the web, run on the server. */
export async function runRegistryFileCommand(command: 'import' | 'export', argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      as: { type: 'string' },
      mode: { type: 'string' },
      all: { type: 'boolean' },
      region: { type: 'string' },
      team: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [kind, file] = positionals;
  if (values.help || (kind !== 'volunteers' && kind !== 'teams') || !file || !values.as) {
    (values.help ? console.log : console.error)(importUsage);
    return values.help ? 0 : 2;
  }
  const username = values.as;

  if (command === 'export') {
    const rows = await withRuntime(async (database, crypto) => {
      const actor = await actorByUsername(database, username);
      const service = new ExportsService(database.db, crypto);
      service.assertMayExport(actor);
      const out = createWriteStream(file);
      const done = finished(out);
      let n: number;
      if (kind === 'volunteers') {
        const {
          page: _p,
          pageSize: _s,
          ...filter
        } = volunteerListQuerySchema.parse({
          regionCode: values.region,
          teamId: values.team,
        });
        n = await service.volunteers(actor, filter, out, cliContext(actor));
      } else {
        const {
          page: _p,
          pageSize: _s,
          ...filter
        } = teamListQuerySchema.parse({ regionCode: values.region });
        n = await service.teams(actor, filter, out, cliContext(actor));
      }
      await done;
      return n;
    });
    console.log(`已导出 ${rows} 行到 ${file}`);
    return 0;
  }

  const mode = (values.mode ?? 'validate') as ImportMode;
  if (!importModes.includes(mode)) throw new Error(`--mode 应为：${importModes.join('、')}`);
  const size = (await stat(file)).size;
  if (size > MAX_UPLOAD_BYTES)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB 上限，请拆分后分批导入`,
    );
  const body = await readFile(file);
  const result = await withRuntime(async (database, crypto) => {
    const actor = await actorByUsername(database, username);
    return new ImportsService(database.db, crypto).run(
      kind,
      actor,
      body,
      mode,
      cliContext(actor),
      progressBar(),
    );
  });
  console.log(formatResult(result, mode, values.all ? Infinity : 200));
  return result.errors.length ? 1 : 0;
}
