import type { FastifyRequest } from 'fastify';

/** Content-Disposition for a file name that may be Chinese (RFC 6266 / 5987), with an ASCII fallback. */
export function attachment(filename: string, asciiFallback?: string): string {
  const ascii = (asciiFallback ?? filename).replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The origin that links printed into files (QR codes on posters and certificates) point at: the
 * configured public address (RONGZHI_PUBLIC_URL) when there is one, otherwise the request's own origin.
 */
export function publicOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  return `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}
