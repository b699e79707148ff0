import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../server/errors';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 2000;
export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
export const MAX_COMPRESSION_RATIO = 200;
const REQUIRED_ENTRIES = ['[Content_Types].xml', 'xl/workbook.xml'];
/** A data descriptor (optional signature, CRC, two sizes, zip64 or not) is at most this long. */
const MAX_DESCRIPTOR_BYTES = 24;

const reject = (message: string) => new AppError('FILE_REJECTED', message);
const SAVE_AS_XLSX = '请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后重新上传';

/** What the first bytes say the file really is, for a message a person can act on. */
function sniff(file: Buffer): string | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => file[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return null;
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))
    return `这是旧版 Excel 97-2003（.xls）文件或设置了打开密码的文件，不能导入。${SAVE_AS_XLSX}（不要设置密码）`;
  if (starts(0x89, 0x50, 0x4e, 0x47)) return '这是一张 PNG 图片，不是 Excel 文件（.xlsx）';
  if (starts(0xff, 0xd8, 0xff)) return '这是一张 JPEG 图片，不是 Excel 文件（.xlsx）';
  if (starts(0x25, 0x50, 0x44, 0x46)) return '这是 PDF 文件，不是 Excel 文件（.xlsx）';
  if (starts(0x50, 0x4b, 0x05, 0x06)) return '这是一个空的压缩包，不是 Excel 文件（.xlsx）';
  return `文件不是 Excel 工作簿（.xlsx）格式，可能是改了扩展名的其他文件。${SAVE_AS_XLSX}`;
}

const openZip = (file: Buffer) =>
  new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(file, { lazyEntries: true, autoClose: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    ),
  );

/** Reads the central directory only: names and declared sizes, nothing decompressed. */
function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, fail) => {
    const entries: Entry[] = [];
    let total = 0;
    const names = new Set<string>();
    const stop = (error: Error) => {
      zip.removeAllListeners('entry');
      fail(error);
    };
    zip.on('error', stop);
    zip.on('end', () => resolve(entries));
    zip.on('entry', (entry: Entry) => {
      if (entries.length >= MAX_ZIP_ENTRIES)
        return stop(reject(`文件内部条目超过 ${MAX_ZIP_ENTRIES} 个，不是正常的 Excel 工作簿`));
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
        return stop(reject('文件使用了不支持的压缩方式，' + SAVE_AS_XLSX));
      if ((entry.generalPurposeBitFlag & 0x1) !== 0)
        return stop(reject('文件已加密，请取消密码后另存为 .xlsx 再上传'));
      if (names.has(entry.fileName)) return stop(reject('文件内部结构异常（条目重复），已拒绝'));
      names.add(entry.fileName);
      const { compressedSize, uncompressedSize } = entry;
      if (
        uncompressedSize > 0 &&
        (compressedSize === 0 || uncompressedSize / compressedSize > MAX_COMPRESSION_RATIO)
      )
        return stop(reject('文件中有压缩比异常的内容（疑似“压缩炸弹”），已拒绝'));
      total += uncompressedSize;
      if (total > MAX_UNCOMPRESSED_BYTES)
        return stop(
          reject(`文件解压后超过 ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB，已拒绝；请拆分后分批导入`),
        );
      entries.push(entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
}

interface LocalHeader {
  fileDataStart: number;
  generalPurposeBitFlag: number;
  compressionMethod: number;
  compressedSize: number;
  uncompressedSize: number;
  fileName: Buffer | string;
}

const readLocalHeader = (zip: ZipFile, entry: Entry) =>
  new Promise<LocalHeader>((resolve, fail) =>
    (
      zip as unknown as {
        readLocalFileHeader(e: Entry, o: object, cb: (err: Error | null, h: LocalHeader) => void): void;
      }
    ).readLocalFileHeader(entry, {}, (err, header) => (err ? fail(err) : resolve(header))),
  );

/** Offset of the central directory from the end-of-central-directory record, or null for zip64. */
function centralDirectoryOffset(file: Buffer): number | null {
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 0xffff); i--) {
    if (file.readUInt32LE(i) === 0x06054b50) {
      const offset = file.readUInt32LE(i + 16);
      return offset === 0xffffffff ? null : offset;
    }
  }
  return null;
}

/**
 * The spreadsheet parser reads the archive front to back by its local headers, not by the central
 * directory checked above. So the local headers must agree with the directory, and no bytes may hide
 * between entries (a second, unlisted entry would be parsed without ever having been checked).
 */
async function checkLayout(zip: ZipFile, file: Buffer, entries: Entry[]): Promise<void> {
  const spans: { start: number; end: number }[] = [];
  for (const entry of entries) {
    const local = await readLocalHeader(zip, entry);
    const name = typeof local.fileName === 'string' ? local.fileName : local.fileName.toString('utf8');
    const sizesInDescriptor = (local.generalPurposeBitFlag & 0x8) !== 0;
    const zip64 = local.compressedSize === 0xffffffff || local.uncompressedSize === 0xffffffff;
    if (
      name !== entry.fileName ||
      local.compressionMethod !== entry.compressionMethod ||
      (!sizesInDescriptor &&
        !zip64 &&
        (local.compressedSize !== entry.compressedSize || local.uncompressedSize !== entry.uncompressedSize))
    ) {
      throw reject('文件内部结构前后不一致，已拒绝；' + SAVE_AS_XLSX);
    }
    spans.push({
      start: entry.relativeOffsetOfLocalHeader,
      end: local.fileDataStart + entry.compressedSize,
    });
  }
  spans.sort((a, b) => a.start - b.start);
  const directory = centralDirectoryOffset(file);
  const ends = [...spans.slice(1).map((s) => s.start), directory];
  const gapFree =
    (spans[0]?.start ?? 0) === 0 &&
    spans.every((span, i) => {
      const next = ends[i];
      return (
        next === null || next === undefined || (next >= span.end && next - span.end <= MAX_DESCRIPTOR_BYTES)
      );
    });
  if (!gapFree) throw reject('文件中夹带了目录之外的内容，已拒绝；' + SAVE_AS_XLSX);
}

/**
 * Declared sizes are only claims: decompress each entry once, counting and discarding the bytes, and
 * stop at the first entry that yields more (or less) than it declared. The totals were capped above,
 * so this costs at most 200 MB of inflation and no memory.
 */
async function verifySizes(zip: ZipFile, entries: Entry[]): Promise<void> {
  for (const entry of entries) {
    if (entry.uncompressedSize === 0 && entry.compressedSize === 0) continue;
    await new Promise<void>((resolve, fail) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return fail(err);
        stream.on('data', () => {});
        stream.on('error', fail);
        stream.on('end', resolve);
      });
    });
  }
}

/**
 * Decides whether an upload may be handed to the spreadsheet parser at all: an .xlsx by its bytes
 * (a zip), at most 20 MB, and an archive that cannot expand into more than the parser should read.
 * Throws FILE_REJECTED (400) or PAYLOAD_TOO_LARGE (413) with a message for the person uploading.
 */
export async function inspectXlsx(file: Buffer): Promise<void> {
  if (file.length === 0) throw reject('未收到文件内容，请选择要导入的 .xlsx 文件');
  if (file.length > MAX_UPLOAD_BYTES)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB 上限，请拆分成几个文件分批导入`,
    );
  const wrongKind = sniff(file);
  if (wrongKind) throw reject(wrongKind);

  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch {
    throw reject('文件已损坏或不完整，无法作为 .xlsx 打开；' + SAVE_AS_XLSX);
  }
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES)
      throw reject(`文件内部条目超过 ${MAX_ZIP_ENTRIES} 个，不是正常的 Excel 工作簿`);
    const entries = await listEntries(zip);
    const names = new Set(entries.map((e) => e.fileName));
    if (!REQUIRED_ENTRIES.every((name) => names.has(name)))
      throw reject('文件不是 Excel 工作簿（缺少工作簿结构），可能是其他压缩包改了扩展名');
    await checkLayout(zip, file, entries);
    await verifySizes(zip, entries).catch(() => {
      throw reject('文件的实际内容与其声明的大小不符（疑似“压缩炸弹”），已拒绝');
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw reject('文件内部结构异常，已拒绝；' + SAVE_AS_XLSX);
  } finally {
    zip.close();
  }
}
