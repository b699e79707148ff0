/**
 * The "limit" for a read endpoint: a bare node:http server that, for each request, runs the same SQL the
 * endpoint ran (captured from the application, replayed raw on the driver) and answers with the bytes the
 * endpoint answered. No framework, no auth, no validation, no serialisation: what is left is the database
 * and the socket. Started by bench/http.ts as a child process: `node --import tsx bench/limitServer.ts spec.json`.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import SQLite from 'better-sqlite3';
import pg from 'pg';

export interface LimitRoute {
  queries: { sql: string; parameters: unknown[] }[];
  body: string; // base64
  contentType: string;
}
export interface LimitSpec {
  target: { sqliteFile: string } | { databaseUrl: string };
  routes: Record<string, LimitRoute>;
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LimitSpec;
const routes = new Map(
  Object.entries(spec.routes).map(([url, r]) => [url, { ...r, bytes: Buffer.from(r.body, 'base64') }]),
);

let run: (q: { sql: string; parameters: unknown[] }) => Promise<void>;
if ('sqliteFile' in spec.target) {
  const sqlite = new SQLite(spec.target.sqliteFile, { readonly: true });
  const statements = new Map<string, SQLite.Statement>();
  run = async (q) => {
    let s = statements.get(q.sql);
    if (!s) statements.set(q.sql, (s = sqlite.prepare(q.sql)));
    if (s.reader) s.all(...(q.parameters as unknown[]));
    else s.run(...(q.parameters as unknown[]));
  };
} else {
  // Same session settings as the application's own pool (src/db/database.ts: JIT off), so the limit
  // replays the SQL as the endpoint ran it.
  const pool = new pg.Pool({ connectionString: spec.target.databaseUrl, max: 10, options: '-c jit=off' });
  run = async (q) => {
    await pool.query(q.sql, q.parameters);
  };
}

const server = http.createServer((req, res) => {
  const route = routes.get(req.url ?? '');
  if (!route) {
    res.statusCode = 404;
    res.end();
    return;
  }
  void (async () => {
    for (const q of route.queries) await run(q);
    res.writeHead(200, { 'content-type': route.contentType, 'content-length': route.bytes.length });
    res.end(route.bytes);
  })().catch((error: unknown) => {
    res.statusCode = 500;
    res.end(String(error));
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address?.port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
