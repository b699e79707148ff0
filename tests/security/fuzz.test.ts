import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tableDigests, type TableDigest } from '../../src/db/backup';
import type { Database } from '../../src/db/database';
import { createTestApp } from '../support/app';
import { login, seedWorld, type Session } from '../support/auth';
import { describeEachDialect } from '../support/db';

/**
 * Property-based fuzzing of every endpoint from its own schema (the OpenAPI document the routes
 * generate): well-formed, almost-well-formed and hostile values, extra fields that try mass assignment
 * (role, region, hours, status). Properties: no request gets a 5xx, and a rejected request changes
 * nothing (row counts after each, whole-table content hashes at intervals).
 */
const RUNS = Number(process.env.RONGZHI_FUZZ_RUNS ?? 10_000);

/** Tables a rejected request may legitimately touch: the audit of the denial, the session's last-seen, lockout counters. */
const MAY_CHANGE_ON_REJECTION = new Set(['audit_log', 'sessions', 'accounts']);

/** Routes left out: ending our own session would turn the rest of the run into 401s. */
const SKIP = new Set(['POST /api/auth/logout']);

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};

const hostileStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a'.repeat(5000),
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '"; drop table teams; --',
  '=HYPERLINK("http://evil","x")',
  '../../etc/passwd',
  '%00',
  '１２３４５６',
  '𠀀𡃁𣎴',
  '😀',
  'null',
  '130425000000',
  '00000000-0000-4000-8000-000000000000',
  '2026-02-30',
  '-1',
  '1e309',
);

const massAssignment = fc.dictionary(
  fc.constantFrom(
    'role',
    'regionCode',
    'confirmedMinutes',
    'starLevel',
    'status',
    'accountId',
    'id',
    'isAdmin',
    '__proto__',
  ),
  fc.oneof(fc.string(), fc.integer(), fc.constant('city_admin'), fc.constant('130400000000')),
  { maxKeys: 2 },
);

function valueOf(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 1 });
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valueOf(s, depth + 1)));
  if (schema.allOf?.length) return valueOf(Object.assign({}, ...schema.allOf) as Schema, depth + 1);
  const wrong = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 8 }),
    fc.constant([]),
  );
  const wellFormed = wellFormedOf(schema, depth);
  const arbs: fc.WeightedArbitrary<unknown>[] = [
    { arbitrary: wellFormed, weight: 8 },
    { arbitrary: wrong, weight: 1 },
  ];
  if (schema.nullable) arbs.push({ arbitrary: fc.constant(null), weight: 1 });
  return fc.oneof(...arbs);
}

function wellFormedOf(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum)
    return fc.oneof(
      { arbitrary: fc.constantFrom(...schema.enum), weight: 9 },
      { arbitrary: fc.string(), weight: 1 },
    );
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      const sized = fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 200),
        unit: 'grapheme',
      });
      const options: fc.Arbitrary<string>[] = [sized, hostileStrings];
      if (schema.pattern) options.push(fc.stringMatching(new RegExp(schema.pattern)));
      if (schema.format === 'uuid') options.push(fc.uuid());
      if (schema.format === 'date-time')
        options.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
      return fc.oneof(...options);
    }
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? -1_000_000;
      const hi = schema.maximum ?? 1_000_000;
      return fc.oneof(
        fc.integer({ min: Math.ceil(Math.max(lo, -(2 ** 31))), max: Math.floor(Math.min(hi, 2 ** 31 - 1)) }),
        fc.constantFrom(lo - 1, hi + 1, 0, -1, 2 ** 53, 0.5),
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueOf(schema.items, depth + 1), {
        maxLength: Math.min((schema.maxItems ?? 3) + 1, 5),
      });
    case 'object':
      return objectOf(schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

function objectOf(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, s] of Object.entries(props)) record[name] = valueOf(s, depth + 1);
  const requiredKeys = Object.keys(props).filter((k) => required.has(k));
  return fc
    .tuple(
      Object.keys(record).length ? fc.record(record, { requiredKeys }) : fc.constant({}),
      fc.oneof({ arbitrary: fc.constant({}), weight: 4 }, { arbitrary: massAssignment, weight: 1 }),
      fc.boolean(),
    )
    .map(([base, extra, dropRequired]) => {
      const out: Record<string, unknown> = { ...base, ...extra };
      if (dropRequired && requiredKeys.length) delete out[requiredKeys[0]!];
      return out;
    });
}

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema?: Schema }[];
  body?: Schema;
}

function operationsOf(doc: {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema?: Schema }> } }
    >
  >;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      if (SKIP.has(key)) continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

function requestOf(op: Operation) {
  const pathParams: Record<string, fc.Arbitrary<unknown>> = {};
  const queryParams: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.params) {
    if (p.in === 'path') pathParams[p.name] = valueOf(p.schema);
    if (p.in === 'query') queryParams[p.name] = valueOf(p.schema);
  }
  return fc
    .record({
      path: fc.record(pathParams),
      query: fc.record(queryParams, { requiredKeys: [] }),
      body: op.body ? valueOf(op.body) : fc.constant(undefined),
    })
    .map(({ path, query, body }) => {
      const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
        encodeURIComponent(String(path[name] ?? 'x')),
      );
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query))
        if (v !== undefined) qs.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      const q = qs.toString();
      return { method: op.method, url: q ? `${url}?${q}` : url, body };
    });
}

async function rowCounts(database: Database, tables: string[]): Promise<Record<string, number>> {
  const parts = tables.map((t) => sql`select ${sql.lit(t)} as t, count(*) as n from ${sql.table(t)}`);
  const { rows } = await sql<{ t: string; n: number | string }>`${sql.join(parts, sql` union all `)}`.execute(
    database.db,
  );
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

const stable = (digests: TableDigest[]) => digests.filter((d) => !MAY_CHANGE_ON_REJECTION.has(d.table));

/** Content hashes of every table a rejection must not touch (the region tree is covered by its row count). */
const contentDigests = async (database: Database) =>
  stable(await tableDigests(database, { except: ['regions'] }));

describeEachDialect('fuzzing every endpoint from its schema', (db) => {
  let app: FastifyInstance;
  let session: Session;
  let ops: Operation[];
  let tables: string[];

  beforeAll(async () => {
    await seedWorld(db());
    app = await createTestApp(db());
    session = await login(app, 'daming');
    ops = operationsOf(app.swagger() as never);
    tables = stable(await tableDigests(db())).map((d) => d.table);
  });
  afterAll(async () => app.close());

  it(`answers ${RUNS} generated requests without a 5xx, and rejected ones change nothing`, async () => {
    expect(ops.length).toBeGreaterThan(60);
    const request = fc.oneof(...ops.map(requestOf));
    let counts = await rowCounts(db(), tables);
    let n = 0;
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        // Every tenth request is also checked by content, not just by row counts.
        const before = ++n % 10 === 0 ? await contentDigests(db()) : null;
        const res = await app.inject({
          method: req.method as 'GET',
          url: req.url,
          headers: session.headers,
          ...(req.body !== undefined && req.method !== 'GET' ? { payload: req.body as object } : {}),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500)
          throw new Error(`${req.method} ${req.url} → ${res.statusCode} ${res.body}`);
        if (res.statusCode < 400) {
          counts = await rowCounts(db(), tables);
          return;
        }
        expect(await rowCounts(db(), tables), `${req.method} ${req.url} 被拒绝却改变了行数`).toEqual(counts);
        if (before) {
          expect(await contentDigests(db()), `${req.method} ${req.url} 被拒绝却改变了数据`).toEqual(before);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The generator reaches past validation: some requests are accepted, many are refused.
    const accepted = [...statuses].filter(([s]) => s < 400).reduce((n, [, c]) => n + c, 0);
    expect(accepted).toBeGreaterThan(RUNS / 50);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 10);
  }, 1_800_000);
});
