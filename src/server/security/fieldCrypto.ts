import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Encryption of sensitive personal data at rest (身份证号, 手机号): AES-256-GCM, and beside it a keyed
 * hash (HMAC-SHA256) for exact lookup and duplicate detection. Each ciphertext names the key it was
 * made with, so keys can rotate: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 *
 * The key file is a key ring (JSON: a primary key id, every key still able to decrypt, and the lookup
 * hash key); a file holding one bare key (the first format) is read as a ring of that key. Encryption
 * uses the primary key, decryption any key in the ring. The lookup hash key does NOT rotate with the
 * encryption keys: it is fixed when the ring is first made (derived from the first master key), so
 * `where id_card_hash = ?` finds rows written before and after any rotation. Rotating it would need
 * every hash recomputed and every lookup to try both keys meanwhile; see docs/SECURITY.md.
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

/** A ciphertext made with a key this ring does not hold (yet: a running server reloads the file). */
export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`未知的密钥 ${keyId}`);
  }
}

/** The key ring: master keys by id, the one new ciphertexts use, and the fixed lookup-hash key. */
export interface KeyRing {
  primary: string;
  keys: Map<string, { key: Buffer; addedAt: string | null }>;
  hashKey: Buffer;
}

export function ringOf(master: Buffer, previous: Buffer[] = []): KeyRing {
  if (master.length !== 32) throw new Error('主密钥必须是32字节');
  const keys = new Map<string, { key: Buffer; addedAt: string | null }>();
  keys.set(keyIdOf(master), { key: master, addedAt: null });
  for (const old of previous) keys.set(keyIdOf(old), { key: old, addedAt: null });
  return { primary: keyIdOf(master), keys, hashKey: derive(master, 'field-hash') };
}

/** Field encryption over a key ring. */
export function fieldCryptoFromRing(ring: KeyRing): FieldCrypto {
  const keyId = ring.primary;
  const encKeys = new Map<string, Buffer>();
  for (const [id, { key }] of ring.keys) encKeys.set(id, derive(key, 'field-encryption'));
  const encKey = encKeys.get(keyId);
  if (!encKey) throw new Error(`密钥环中没有主密钥 ${keyId}`);
  const hashKey = ring.hashKey;

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
      if (!key) throw new UnknownKeyError(id);
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

/** The key id a ciphertext names (`v1.<keyId>.…`), or null for anything else. */
export const keyIdOfCiphertext = (ciphertext: string): string | null =>
  ciphertext.startsWith(`${VERSION}.`) ? (ciphertext.split('.')[1] ?? null) : null;

/**
 * @param master the current 32-byte master key
 * @param previous older master keys still able to decrypt
 *
 * A key returned by `loadMasterKey` from a key file gives the file's whole ring, re-read when the file
 * changes (so `rongzhi keys rotate` reaches a running server without a restart).
 */
export function createFieldCrypto(master: Buffer, previous: Buffer[] = []): FieldCrypto {
  const file = keyFiles.get(master);
  if (file && previous.length === 0) return openKeyFile(file);
  return fieldCryptoFromRing(ringOf(master, previous));
}

function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${source} 必须是32字节密钥（64位十六进制或 base64）`);
  return key;
}

const RING_FORMAT = 'rongzhi-keyring-1';

interface RingFile {
  format: typeof RING_FORMAT;
  primary: string;
  hashKey: string;
  keys: { id: string; key: string; addedAt: string | null }[];
}

/** A key file's text: a ring (JSON), or one bare key (hex or base64) read as a ring of that key. */
export function parseKeyRing(text: string, source: string): KeyRing {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return ringOf(parseKey(trimmed, source));
  let file: RingFile;
  try {
    file = JSON.parse(trimmed) as RingFile;
  } catch {
    throw new Error(`${source} 不是有效的密钥环`);
  }
  if (file.format !== RING_FORMAT || !Array.isArray(file.keys)) throw new Error(`${source} 不是有效的密钥环`);
  const keys = new Map<string, { key: Buffer; addedAt: string | null }>();
  for (const k of file.keys) {
    const key = parseKey(k.key, source);
    if (keyIdOf(key) !== k.id) throw new Error(`${source} 中密钥 ${k.id} 与其编号不符`);
    keys.set(k.id, { key, addedAt: k.addedAt ?? null });
  }
  const hashKey = Buffer.from(file.hashKey ?? '', 'hex');
  if (hashKey.length !== 32) throw new Error(`${source} 中查找密钥无效`);
  if (!keys.has(file.primary)) throw new Error(`${source} 中没有主密钥 ${file.primary}`);
  return { primary: file.primary, keys, hashKey };
}

export function serializeKeyRing(ring: KeyRing): string {
  const file: RingFile = {
    format: RING_FORMAT,
    primary: ring.primary,
    hashKey: ring.hashKey.toString('hex'),
    keys: [...ring.keys].map(([id, k]) => ({ id, key: k.key.toString('hex'), addedAt: k.addedAt })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Replaces the key file in one step (write beside it, then rename), mode 0600. */
export function writeKeyRing(file: string, ring: KeyRing): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, serializeKeyRing(ring), { mode: 0o600, flag: 'w' });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

export const readKeyRing = (file: string): KeyRing => parseKeyRing(readFileSync(file, 'utf8'), file);

export const keyFileIn = (dataDir: string) => path.join(dataDir, 'master.key');

/** Keys handed out by loadMasterKey, and the file each came from. */
const keyFiles = new WeakMap<Buffer, string>();

/** How often a key-file crypto looks whether the file changed (it always looks on an unknown key). */
let reloadCheckMs = 1000;
export const setKeyReloadInterval = (ms: number) => {
  reloadCheckMs = ms;
};

/**
 * Field encryption from a key file, following it: the file is looked at (one stat) at most once per
 * second before encrypting, and at once when a ciphertext names a key not in the ring.
 */
export function openKeyFile(file: string): FieldCrypto {
  let ring = readKeyRing(file);
  let current = fieldCryptoFromRing(ring);
  let seen = statSync(file);
  let checkedAt = Date.now();
  const refresh = (force: boolean) => {
    if (!force && Date.now() - checkedAt < reloadCheckMs) return;
    checkedAt = Date.now();
    const now = statSync(file);
    if (now.ino === seen.ino && now.mtimeMs === seen.mtimeMs && now.size === seen.size) return;
    ring = readKeyRing(file);
    current = fieldCryptoFromRing(ring);
    seen = now;
  };
  return {
    get keyId() {
      refresh(false);
      return current.keyId;
    },
    encrypt(plaintext) {
      refresh(false);
      return current.encrypt(plaintext);
    },
    decrypt(ciphertext) {
      try {
        return current.decrypt(ciphertext);
      } catch (error) {
        if (!(error instanceof UnknownKeyError)) throw error;
        refresh(true);
        return current.decrypt(ciphertext);
      }
    },
    hash: (value) => current.hash(value),
  };
}

/**
 * The master key: RONGZHI_MASTER_KEY, or the primary key of the ring in `master.key` in the data
 * directory, created (mode 0600) on first start. Losing that file loses the encrypted fields: back it
 * up apart from the database, and again after every key rotation.
 */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.RONGZHI_MASTER_KEY) return parseKey(env.RONGZHI_MASTER_KEY, 'RONGZHI_MASTER_KEY');
  const file = keyFileIn(dataDir);
  if (existsSync(file)) {
    const ring = readKeyRing(file);
    const key = ring.keys.get(ring.primary)!.key;
    keyFiles.set(key, file);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  keyFiles.set(key, file);
  return key;
}
