import { describe, expect, it } from 'vitest';
import { syntheticJpeg } from '../../../tests/support/jpeg';
import { checkImage, MAX_SIDE, sniffImage, stripJpegMetadata } from './images';

const markers = (b: Buffer) => {
  const found: number[] = [];
  let i = 2;
  while (i < b.length && b[i] === 0xff) {
    const m = b[i + 1]!;
    found.push(m);
    if (m === 0xda) break;
    i += 2 + b.readUInt16BE(i + 2);
  }
  return found;
};

describe('publicity images', () => {
  it('strips EXIF (APP1) and IPTC (APP13) from a JPEG and keeps everything else byte for byte', () => {
    const original = syntheticJpeg({ width: 800, height: 600, exif: true, iptc: true });
    expect(original.includes('GPSLatitude')).toBe(true);
    const stripped = stripJpegMetadata(original);
    expect(markers(original)).toEqual([0xe0, 0xe1, 0xe2, 0xed, 0xdb, 0xc0, 0xda]);
    expect(markers(stripped)).toEqual([0xe0, 0xe2, 0xdb, 0xc0, 0xda]);
    expect(stripped.includes('GPSLatitude')).toBe(false);
    expect(stripped.includes('Exif')).toBe(false);
    expect(stripped.includes('8BIM')).toBe(false);
    expect(stripped.includes('ICC_PROFILE')).toBe(true);
    // The scan and what follows it are untouched.
    const scan = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xda])));
    expect(scan(stripped).equals(scan(original))).toBe(true);
    expect(sniffImage(stripped)).toEqual({ mime: 'image/jpeg', width: 800, height: 600 });
    // Without metadata the same bytes come back.
    const clean = syntheticJpeg();
    expect(stripJpegMetadata(clean)).toBe(clean);
    expect(stripJpegMetadata(stripped).equals(stripped)).toBe(true);
  });

  it('rejects a JPEG whose segments run past the end', () => {
    const original = syntheticJpeg({ exif: true });
    expect(() => stripJpegMetadata(original.subarray(0, 30))).toThrow(/已损坏/);
    expect(() => stripJpegMetadata(Buffer.from([0xff, 0xd8, 0x00, 0x00]))).toThrow(/已损坏/);
  });

  it('refuses images larger than the renderer’s bound', () => {
    expect(MAX_SIDE).toBe(4096);
    expect(checkImage(syntheticJpeg({ width: 4096, height: 100 })).width).toBe(4096);
    expect(() => checkImage(syntheticJpeg({ width: 4097, height: 100 }))).toThrow(/4096/);
    expect(() => checkImage(syntheticJpeg({ width: 100, height: 10_000 }))).toThrow(/4096/);
  });
});
