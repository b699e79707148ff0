import { AppError } from '../../server/errors';

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Posters are drawn by resvg, which holds every pixel in memory: 4096² × 4 bytes is its bound here. */
export const MAX_SIDE = 4096;

export interface ImageInfo {
  mime: ImageMime;
  width: number;
  height: number;
}

const starts = (b: Buffer, bytes: number[], at = 0) => bytes.every((x, i) => b[at + i] === x);

function jpegSize(b: Buffer): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = b.readUInt16BE(i + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return null;
}

function webpSize(b: Buffer): { width: number; height: number } | null {
  const chunk = b.toString('ascii', 12, 16);
  if (chunk === 'VP8 ' && b.length >= 30) {
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  }
  return null;
}

/** What an image really is, from its first bytes (never from its name or declared type). */
export function sniffImage(b: Buffer): ImageInfo | null {
  if (
    b.length >= 24 &&
    starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) &&
    b.toString('ascii', 12, 16) === 'IHDR'
  ) {
    return { mime: 'image/png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 12 && starts(b, [0xff, 0xd8, 0xff])) {
    const size = jpegSize(b);
    return size ? { mime: 'image/jpeg', ...size } : null;
  }
  if (b.length >= 16 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WEBP') {
    const size = webpSize(b);
    return size ? { mime: 'image/webp', ...size } : null;
  }
  return null;
}

/** Accepts a PNG, JPEG or WebP image within the limits, or says in Chinese why not. */
export function checkImage(b: Buffer): ImageInfo {
  if (b.length === 0) throw new AppError('FILE_REJECTED', '请选择要上传的图片', { field: 'file' });
  if (b.length > MAX_IMAGE_BYTES)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `图片超过 ${MAX_IMAGE_BYTES / 1024 / 1024} MB 上限，请压缩后再上传`,
    );
  const info = sniffImage(b);
  if (!info)
    throw new AppError(
      'FILE_REJECTED',
      '文件不是 PNG、JPEG 或 WebP 图片（可能是改了扩展名的其他文件），请重新选择',
      { field: 'file' },
    );
  if (info.width < 1 || info.height < 1 || info.width > MAX_SIDE || info.height > MAX_SIDE)
    throw new AppError('FILE_REJECTED', `图片尺寸不符合要求（长宽应在 1～${MAX_SIDE} 像素之间）`, {
      field: 'file',
    });
  return info;
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(b: Buffer): { width: number; height: number } | null {
  const info = sniffImage(b);
  return info?.mime === 'image/png' ? { width: info.width, height: info.height } : null;
}

/** APP1 (EXIF, XMP: camera, time, GPS position) and APP13 (Photoshop IPTC: names, places). */
const DROPPED_SEGMENTS = new Set([0xe1, 0xed]);

/**
 * A JPEG without its EXIF/XMP (APP1) and IPTC (APP13) segments, so that a photo served on the public
 * portal does not tell where and when it was taken or by which device. Everything else — the frame,
 * tables, ICC profile (APP2), Adobe colour flags (APP14) and the entropy-coded data — is kept byte for
 * byte. Throws FILE_REJECTED when the segment structure is broken.
 */
export function stripJpegMetadata(b: Buffer): Buffer {
  const broken = () =>
    new AppError('FILE_REJECTED', 'JPEG 图片文件已损坏，请重新导出后上传', { field: 'file' });
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) throw broken();
  const kept: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  let dropped = false;
  for (;;) {
    if (i >= b.length) throw broken();
    if (b[i] !== 0xff) throw broken();
    let m = i + 1;
    while (m < b.length && b[m] === 0xff) m += 1; // fill bytes
    if (m >= b.length) throw broken();
    const marker = b[m]!;
    // Markers without a length: TEM, RSTn, SOI; EOI ends the image.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      kept.push(b.subarray(i, m + 1));
      i = m + 1;
      continue;
    }
    if (marker === 0xd9) {
      kept.push(b.subarray(i));
      break;
    }
    if (m + 3 > b.length) throw broken();
    const end = m + 1 + b.readUInt16BE(m + 1);
    if (end > b.length || b.readUInt16BE(m + 1) < 2) throw broken();
    if (marker === 0xda) {
      // Start of scan: the rest is image data (and later markers inside it), kept as it is.
      kept.push(b.subarray(i));
      break;
    }
    if (DROPPED_SEGMENTS.has(marker)) dropped = true;
    else kept.push(b.subarray(i, end));
    i = end;
  }
  return dropped ? Buffer.concat(kept) : b;
}
