import { rmSync } from 'node:fs';
import { buildApp } from './app';
import { claimPidFile, loadConfig, type Config } from './config';
import { openDatabase, prepareDatabase } from './runtime';
import { seedDemo } from './demo';
import { startScheduler } from '../modules/notifications/scheduler';
import { createFieldCrypto, loadMasterKey } from './security/fieldCrypto';

export interface StartOptions extends Partial<Config> {
  /** Region seed for an empty database, e.g. 'handan' (= 1304), a 4-digit city or 2-digit province code. */
  seed?: string;
  /** Create the demo organisations and accounts in an empty database (default: RONGZHI_DEMO !== '0'). */
  demo?: boolean;
  /** 'full' (~5,800 teams, ~40,000 volunteers) or 'small' (one township's worth); env RONGZHI_DEMO_SCALE. */
  demoScale?: 'full' | 'small';
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const seedAliases: Record<string, string> = { handan: '1304', hebei: '13' };

/** Open the database, migrate and seed it when empty, and serve the API and the web app. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config: Config = { ...loadConfig(), ...stripUndefined(options) };
  const seedRegion = options.seed ? (seedAliases[options.seed] ?? options.seed) : config.seedRegion;
  const database = openDatabase(config);
  try {
    const log = config.logger ? (l: string) => console.log(l) : () => {};
    await prepareDatabase(database, seedRegion, log);
    const fieldCrypto = createFieldCrypto(loadMasterKey(config.dataDir));
    if (options.demo ?? process.env.RONGZHI_DEMO !== '0') {
      const scale = (options.demoScale ?? process.env.RONGZHI_DEMO_SCALE) === 'small' ? 'small' : 'full';
      await seedDemo(database, fieldCrypto, config.dataDir, log, scale);
    }
    const app = await buildApp({
      database,
      fieldCrypto,
      webDir: config.webDir,
      logger: config.logger,
      trustProxy: config.trustProxy,
      replicaUrl: config.databaseReplicaUrl,
    });
    await app.listen({ port: config.port, host: config.host });
    const pidFile = database.dialect === 'sqlite' ? claimPidFile(config.dataDir) : undefined;
    // Reminders and deadlines are jobs in the database: a restart neither loses nor repeats them.
    const scheduler = startScheduler({
      database,
      intervalMs: 30_000,
      onError: (error) => console.error('提醒与期限任务出错：', error),
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
      async close() {
        await scheduler.stop();
        await app.close();
        await database.close();
        if (pidFile) rmSync(pidFile, { force: true });
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
