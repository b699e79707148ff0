import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig, publicUrlOf } from './config';
import { attachment, publicOrigin } from './download';

const request = (host: string) => ({ protocol: 'http', headers: { host } }) as unknown as FastifyRequest;

describe('downloads and public links', () => {
  it('names a Chinese file with an ASCII fallback and its UTF-8 form', () => {
    expect(attachment('大名县-数据看板.xlsx')).toBe(
      `attachment; filename="___-____.xlsx"; filename*=UTF-8''${encodeURIComponent('大名县-数据看板.xlsx')}`,
    );
    expect(attachment('风采海报-张"三.png', 'poster-1.png')).toMatch(
      /^attachment; filename="poster-1.png"; /,
    );
    expect(attachment('a"b\\c.csv')).toMatch(/^attachment; filename="abc.csv"; /);
  });

  it('prints the configured public address into QR links, whatever Host the request carried', () => {
    const publicUrl = loadConfig({ RONGZHI_PUBLIC_URL: 'https://rongzhi.hd.gov.cn/' }).publicUrl;
    expect(publicUrl).toBe('https://rongzhi.hd.gov.cn');
    expect(publicOrigin(request('evil.example'), publicUrl)).toBe('https://rongzhi.hd.gov.cn');
    // Unset: the request's own origin.
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(publicOrigin(request('10.0.0.5:3000'), undefined)).toBe('http://10.0.0.5:3000');
    expect(publicUrlOf('https://example.org/rongzhi/')).toBe('https://example.org/rongzhi');
    expect(() => publicUrlOf('ftp://example.org')).toThrow(/RONGZHI_PUBLIC_URL/);
    expect(() => publicUrlOf('not a url')).toThrow(/RONGZHI_PUBLIC_URL/);
  });
});
