import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Encryption of sensitive personal data at rest (身份证号, 手机号): AES-256-GCM, and beside it a keyed
 * hash (HMAC-SHA256) for exact lookup and duplicate detection. Each ciphertext names the key it was
 * made with, so keys can rotate: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export interface FieldCrypto {
  readonly keyId: string;
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** Deterministic keyed hash of a normalised value, for `where x_hash = ?`. */
  hash(value: string): string;
}

const VERSION = 'v1';

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `rongzhi:${purpose}`, 32));
}

export const keyIdOf = (master: Buffer) => createHash('sha256').update(master).digest('hex').slice(0, 8);

/**
 * @param master the current 32-byte master key
 * @param previous older master keys still able to decrypt (rotation)
 */
export function createFieldCrypto(master: Buffer, previous: Buffer[] = []): FieldCrypto {
  if (master.length !== 32) throw new Error('主密钥必须是32字节');
  const keyId = keyIdOf(master);
  const encKeys = new Map<string, Buffer>([[keyId, derive(master, 'field-encryption')]]);
  for (const old of previous) encKeys.set(keyIdOf(old), derive(old, 'field-encryption'));
  const hashKey = derive(master, 'field-hash');
  const encKey = encKeys.get(keyId)!;

  return {
    keyId,
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      cipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        VERSION,
        keyId,
        iv.toString('base64url'),
        tag.toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    decrypt(ciphertext) {
      const [version, id, iv, tag, body] = ciphertext.split('.');
      if (version !== VERSION || !id || iv === undefined || tag === undefined || body === undefined) {
        throw new Error('密文格式无效');
      }
      const key = encKeys.get(id);
      if (!key) throw new Error(`未知的密钥 ${id}`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${version}.${id}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    hash(value) {
      return createHmac('sha256', hashKey).update(value.normalize('NFKC').trim().toUpperCase()).digest('hex');
    },
  };
}

function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${source} 必须是32字节密钥（64位十六进制或 base64）`);
  return key;
}

/**
 * The master key: RONGZHI_MASTER_KEY, or `master.key` in the data directory, created (mode 0600) on first
 * start. Losing that file loses the encrypted fields: back it up apart from the database.
 */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.RONGZHI_MASTER_KEY) return parseKey(env.RONGZHI_MASTER_KEY, 'RONGZHI_MASTER_KEY');
  const file = path.join(dataDir, 'master.key');
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8'), file);
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
