import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL when set to postgres://…; SQLite in dataDir otherwise. */
  databaseUrl?: string;
  /** The city (4 digits) or province (2 digits) whose regions an empty database is seeded with. */
  seedRegion: string;
  webDir: string;
  logger: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT 无效：${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.RONGZHI_DATA_DIR ?? path.join(process.cwd(), 'data')),
    databaseUrl: env.DATABASE_URL || undefined,
    seedRegion: env.RONGZHI_SEED_REGION ?? '1304',
    webDir: path.join(projectRoot, 'dist', 'web'),
    logger: env.RONGZHI_LOG !== '0',
  };
}

export const sqliteFileIn = (dataDir: string) => path.join(dataDir, 'rongzhi.sqlite');
