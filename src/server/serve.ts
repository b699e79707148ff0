import { buildApp } from './app';
import { loadConfig, type Config } from './config';
import { openDatabase, prepareDatabase } from './runtime';

export interface StartOptions extends Partial<Config> {
  /** Region seed for an empty database, e.g. 'handan' (= 1304), a 4-digit city or 2-digit province code. */
  seed?: string;
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
    await prepareDatabase(database, seedRegion, config.logger ? (l) => console.log(l) : undefined);
    const app = await buildApp({ database, webDir: config.webDir, logger: config.logger });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
      async close() {
        await app.close();
        await database.close();
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
