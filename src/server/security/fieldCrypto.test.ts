import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCrypto, loadMasterKey } from './fieldCrypto';

describe('field encryption', () => {
  const crypto = createFieldCrypto(randomBytes(32));

  it('round-trips and never repeats a ciphertext', () => {
    const a = crypto.encrypt('130425199001011234');
    const b = crypto.encrypt('130425199001011234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('1990');
    expect(crypto.decrypt(a)).toBe('130425199001011234');
    expect(a.split('.')[1]).toBe(crypto.keyId);
  });

  it('detects tampering', () => {
    const parts = crypto.encrypt('13800138000').split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => crypto.decrypt(parts.join('.'))).toThrow();
  });

  it('hashes deterministically, normalising case and width, and per key', () => {
    expect(crypto.hash('13042519900101123x')).toBe(crypto.hash('13042519900101123X'));
    expect(crypto.hash('１３８００１３８０００')).toBe(crypto.hash('13800138000'));
    expect(createFieldCrypto(randomBytes(32)).hash('13800138000')).not.toBe(crypto.hash('13800138000'));
  });

  it('decrypts with a previous key after rotation', () => {
    const oldKey = randomBytes(32);
    const old = createFieldCrypto(oldKey);
    const secret = old.encrypt('张三的电话');
    const rotated = createFieldCrypto(randomBytes(32), [oldKey]);
    expect(rotated.decrypt(secret)).toBe('张三的电话');
    expect(() => createFieldCrypto(randomBytes(32)).decrypt(secret)).toThrow(/未知的密钥/);
  });

  it('creates the key file once with mode 0600, or takes RONGZHI_MASTER_KEY', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rongzhi-key-'));
    const key = loadMasterKey(dir, {});
    const file = path.join(dir, 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadMasterKey(dir, {}).equals(key)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toHaveLength(64);
    const env = { RONGZHI_MASTER_KEY: randomBytes(32).toString('base64') };
    expect(loadMasterKey(dir, env).equals(key)).toBe(false);
    expect(() => loadMasterKey(dir, { RONGZHI_MASTER_KEY: 'short' })).toThrow(/32字节/);
  });
});
