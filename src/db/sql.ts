import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** `column LIKE '%q%'` with q taken literally (its % and _ escaped) on both dialects. */
export function containsText(column: string, q: string): RawBuilder<SqlBool> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
