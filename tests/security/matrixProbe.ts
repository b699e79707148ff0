import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import type { MatrixWorld } from './matrixWorld';

/** Parameters and bodies the matrix sends: well-formed enough to get past validation to the scope check. */

export type OpenApiSchema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
};

export interface Operation {
  query: { name: string; required: boolean; schema?: OpenApiSchema }[];
  body?: OpenApiSchema;
}

type OpenApiDoc = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; required?: boolean; schema?: OpenApiSchema }[];
        requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
      }
    >
  >;
};

/** Route key (`GET /api/teams/:id`) → its query parameters and JSON body schema. */
export function operations(doc: unknown): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, methods] of Object.entries((doc as OpenApiDoc).paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      out.set(key, {
        query: (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: !!p.required, schema: p.schema })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return out;
}

/** A plausible value for a field, by its name first and its schema second. */
export function sampleOf(schema: OpenApiSchema | undefined, name: string, world: MatrixWorld): unknown {
  if (!schema) return undefined;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) {
    const nonNull = alternatives.find((s) => s.type !== 'null') ?? alternatives[0];
    return sampleOf(nonNull, name, world);
  }
  if (schema.allOf?.length) return sampleOf(Object.assign({}, ...schema.allOf) as OpenApiSchema, name, world);
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sampleOf(schema.properties?.[key], key, world);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 1 }, () => sampleOf(schema.items, name, world));
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      if (/year/i.test(name)) return 2026;
      if (/month/i.test(name)) return 3;
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 30, 30));
    default:
      return stringFor(schema, name, world);
  }
}

function stringFor(schema: OpenApiSchema, name: string, world: MatrixWorld): string {
  if (schema.format === 'uuid' || /Id$/.test(name))
    return world.targets.find((t) => t.resource === 'team')!.id;
  if (/codes?$/i.test(name) && !/^code$/.test(name)) return world.regions.village;
  if (/date|On$|^from$|^to$/i.test(name) || schema.format === 'date') return '2026-03-10';
  if (/At$/.test(name) || schema.format === 'date-time') return '2026-03-10T01:00:00.000Z';
  if (/phone/i.test(name)) return '13912345678';
  if (/password/i.test(name)) return 'Rz-matrix-2026!x';
  if (schema.pattern && /\\d\{6\}|\[0-9\]\{6\}/.test(schema.pattern)) return '123456';
  const text = '矩阵测试说明文字';
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 60;
  return text.repeat(Math.ceil(Math.max(min, 4) / text.length)).slice(0, Math.max(min, Math.min(max, 8)));
}

/** Values for the required query parameters a route declares (and `regionCode` when asked). */
export function queryFor(op: Operation | undefined, world: MatrixWorld, regionCode?: string): string {
  const qs = new URLSearchParams();
  for (const p of op?.query ?? []) {
    if (p.name === 'regionCode' && regionCode) qs.set('regionCode', regionCode);
    else if (p.required) {
      if (p.name === 'kind' && p.schema?.enum)
        qs.set('kind', String(p.schema.enum.includes('volunteer') ? 'volunteer' : p.schema.enum[0]));
      else if (p.name === 'id') qs.set('id', world.targets.find((t) => t.key === 'volunteer.self')!.id);
      else if (p.name === 'days') qs.set('days', '3');
      else if (p.name === 'q') qs.set('q', '矩阵');
      else if (p.name === 'from') qs.set('from', '2026-01-01');
      else if (p.name === 'to') qs.set('to', '2026-12-31');
      else qs.set(p.name, String(sampleOf(p.schema, p.name, world)));
    }
  }
  const q = qs.toString();
  return q ? `?${q}` : '';
}

/** Path parameters that are not the target: fixed, well-formed values. */
export function fillFixedParams(pattern: string, world: MatrixWorld): string[] {
  const kinds = /:kind\b/.test(pattern) ? ['volunteers', 'teams', 'records'] : [''];
  return kinds.map((kind) =>
    pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
      if (name === 'kind') return kind;
      if (name === 'year') return '2026';
      if (name === 'date') return '2026-05-01';
      if (name === 'code') return world.regions.village;
      return randomUUID();
    }),
  );
}

const unzipText = (file: Buffer) =>
  new Promise<string>((resolve, reject) => {
    yauzl.fromBuffer(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const parts: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            parts.push(Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(parts.join('\n')));
      zip.readEntry();
    });
  });

/**
 * The text a response shows, whatever its format: JSON and CSV as they are, a workbook cell by cell,
 * a Word document by its XML. PDF and images are not read (null): their routes' data is also served
 * as JSON, which is.
 */
export async function bodyText(res: {
  headers: Record<string, unknown>;
  rawPayload: Buffer;
  body: string;
}): Promise<string | null> {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('spreadsheetml')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => {
      cells.push(sheet.name);
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
    });
    return cells.join('\n');
  }
  if (type.includes('wordprocessingml')) return (await unzipText(res.rawPayload)).replace(/<[^>]+>/g, '');
  if (type.includes('pdf') || type.startsWith('image/')) return null;
  return res.body;
}
