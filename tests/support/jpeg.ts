/** A JPEG's segment structure, for tests: SOI, the given segments, a frame, a scan, EOI. */
const segment = (marker: number, payload: Buffer) => {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};

export interface JpegParts {
  width?: number;
  height?: number;
  /** With an APP1 EXIF block naming a camera and a GPS position. */
  exif?: boolean;
  /** With an APP13 (Photoshop IPTC) block. */
  iptc?: boolean;
}

export function syntheticJpeg(parts: JpegParts = {}): Buffer {
  const { width = 64, height = 48 } = parts;
  const sof = Buffer.alloc(15);
  sof[0] = 8; // precision
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof[5] = 3; // components
  const chunks = [
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00', 'binary')),
  ];
  if (parts.exif)
    chunks.push(
      segment(0xe1, Buffer.from('Exif\x00\x00MM\x00*Canon EOS GPSLatitude 36.28N 115.15E', 'binary')),
    );
  chunks.push(segment(0xe2, Buffer.from('ICC_PROFILE\x00\x01\x01profile', 'binary')));
  if (parts.iptc) chunks.push(segment(0xed, Buffer.from('Photoshop 3.0\x008BIM 大名县某村', 'utf8')));
  chunks.push(segment(0xdb, Buffer.alloc(65, 1)));
  chunks.push(segment(0xc0, sof));
  chunks.push(segment(0xda, Buffer.from([3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0])));
  // Entropy-coded data with a stuffed 0xFF00 and a restart marker, then EOI.
  chunks.push(Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd9]));
  return Buffer.concat(chunks);
}
