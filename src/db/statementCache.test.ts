import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './database';

describe('SQLite statement cache', () => {
  const open: SQLite.Database[] = [];
  const memory = () => {
    const sqlite = new SQLite(':memory:');
    open.push(sqlite);
    sqlite.exec('create table t (id integer primary key, name text)');
    sqlite.exec("insert into t (name) values ('甲'), ('乙'), ('丙')");
    return sqlite;
  };
  afterEach(() => {
    for (const s of open.splice(0)) if (s.open) s.close();
  });

  it('hands out the compiled statement again for the same SQL, and drops the least recently used', () => {
    const cache = withStatementCache(memory(), 2);
    const a = cache.prepare('select * from t where id = ?');
    expect(cache.prepare('select * from t where id = ?')).toBe(a);
    const b = cache.prepare('select name from t');
    expect(cache.prepare('select * from t where id = ?')).toBe(a); // a is now the most recent
    cache.prepare('select count(*) from t'); // a third one: b, the least recent, goes
    expect(cache.prepare('select * from t where id = ?')).toBe(a);
    expect(cache.prepare('select name from t')).not.toBe(b);
  });

  it('never hands out a statement that is still being read', () => {
    const cache = withStatementCache(memory());
    const text = 'select name from t order by id';
    const first = cache.prepare(text);
    const reading = first.iterate([]);
    expect(reading.next().value).toEqual({ name: '甲' });
    // The same SQL while the first read is unfinished: a fresh statement, and both read correctly.
    const second = cache.prepare(text);
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ name: '甲' }, { name: '乙' }, { name: '丙' }]);
    expect([...reading]).toEqual([{ name: '乙' }, { name: '丙' }]);
    expect(cache.prepare(text)).toBe(first);
  });

  it('keeps answering right through Kysely, also after the schema changes under a kept statement', async () => {
    const db = new Kysely<{ t: { id: Generated<number>; name: string; note: string | null } }>({
      dialect: new SqliteDialect({ database: withStatementCache(memory()) }),
    });
    const names = () => db.selectFrom('t').selectAll().orderBy('id').execute();
    expect((await names()).map((r) => r.name)).toEqual(['甲', '乙', '丙']);
    await db.insertInto('t').values({ name: '丁' }).execute();
    await db.insertInto('t').values({ name: '戊' }).execute();
    await sql`alter table t add column note text`.execute(db);
    await db.updateTable('t').set({ note: '新' }).where('name', '=', '甲').execute();
    const rows = await names();
    expect(rows.map((r) => r.name)).toEqual(['甲', '乙', '丙', '丁', '戊']);
    expect(rows[0]).toMatchObject({ note: '新' });
    const streamed: string[] = [];
    for await (const row of db.selectFrom('t').select('name').orderBy('id').stream()) streamed.push(row.name);
    expect(streamed).toHaveLength(5);
    await db.destroy();
  });
});
