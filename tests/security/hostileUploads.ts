import { crc32, deflateRawSync, constants } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { buildZip, xlsxSkeleton } from '../../src/modules/imports/__fixtures__/zip';

/**
 * Hostile uploads for the memory test, built without ever holding their expanded content: a deflate
 * block of 1 MB of zeros ends in a full flush, so it can be repeated to make a stream of any length.
 */
const MB = 1 << 20;

interface RawEntry {
  name: string;
  /** Raw deflate data. */
  body: Buffer;
  crc: number;
  compressedSize: number;
  declaredSize: number;
}

function rawZip(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressedSize, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(e.crc >>> 0, 16);
    header.writeUInt32LE(e.compressedSize, 20);
    header.writeUInt32LE(e.declaredSize, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    parts.push(local, name, e.body);
    offset += local.length + name.length + e.body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const deflated = (data: Buffer): RawEntry['body'] => deflateRawSync(data);
const skeleton = (): RawEntry[] =>
  xlsxSkeleton().map(({ name, data }) => {
    const body = deflated(data);
    return { name, body, crc: crc32(data), compressedSize: body.length, declaredSize: data.length };
  });

/** `megabytes` MB of zeros as one raw deflate stream of about 1 KB per MB, and its true CRC. */
function zeros(megabytes: number): { body: Buffer; crc: number } {
  const chunk = Buffer.alloc(MB);
  const block = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(chunk, crc);
  // A final, empty fixed-Huffman block closes the stream.
  return {
    body: Buffer.concat([...Array.from({ length: megabytes }, () => block), Buffer.from([3, 0])]),
    crc,
  };
}

/** A sheet that truly expands to `gigabytes` GB while declaring 1 MB (the check must count, not trust). */
export function lyingZipBomb(gigabytes: number): Buffer {
  const { body, crc } = zeros(gigabytes * 1024);
  return rawZip([
    ...skeleton(),
    { name: 'xl/worksheets/sheet1.xml', body, crc, compressedSize: body.length, declaredSize: MB },
  ]);
}

/** The same expansion, honestly declared: refused from the directory alone. */
export function declaredZipBomb(gigabytes: number): Buffer {
  const { body, crc } = zeros(gigabytes * 1024);
  return rawZip([
    ...skeleton(),
    {
      name: 'xl/worksheets/sheet1.xml',
      body,
      crc,
      compressedSize: body.length,
      declaredSize: Math.min(gigabytes * 1024 * MB, 0xfffffffe),
    },
  ]);
}

/** Many tiny entries; the central directory alone names them all. */
export const manyEntries = (count: number): Buffer =>
  buildZip([
    ...xlsxSkeleton(),
    ...Array.from({ length: count }, (_, i) => ({ name: `xl/media/${i}.txt`, data: Buffer.from(String(i)) })),
  ]);

/** A Windows program renamed to 名册.xlsx. */
export const renamedExecutable = (): Buffer =>
  Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(64 * 1024)]);

/** A file over the upload limit (it looks like a zip, but is never opened). */
export function oversized(megabytes: number): Buffer {
  const file = Buffer.alloc(megabytes * MB);
  file.write('PK\u0003\u0004', 'latin1');
  return file;
}

/**
 * A genuine volunteer workbook with more rows than one import may hold: it passes every check on
 * the archive, so the refusal comes from the parser, part-way through a streamed read.
 */
export async function tooManyRows(rows: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = workbook.addWorksheet('志愿者');
  sheet.addRow(['姓名', '身份证号', '居住地区划代码', '是否退役军人']).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(['张三', '130425195001011234', '130425100201', '是']).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}
