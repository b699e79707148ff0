import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { places, seedWorld } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard, fakePhone } from '../../../tests/support/registry';
import type { Actor } from '../../modules/identity/actor';
import { VolunteersRepo } from '../../modules/volunteers/volunteers.repo';
import { VolunteersService } from '../../modules/volunteers/volunteers.service';
import { volunteerInputSchema, volunteerListQuerySchema } from '../../shared/registry';
import {
  createFieldCrypto,
  keyFileIn,
  keyIdOfCiphertext,
  loadMasterKey,
  parseKeyRing,
  readKeyRing,
  ringOf,
  serializeKeyRing,
  setKeyReloadInterval,
} from './fieldCrypto';
import { encryptedColumns, rotateKeys } from './rotation';
import { randomBytes } from 'node:crypto';

describe('key ring file', () => {
  it('reads a bare key (the first format) as a ring with the same lookup hash', () => {
    const master = randomBytes(32);
    const ring = parseKeyRing(master.toString('hex'), 'test');
    const legacy = createFieldCrypto(master);
    expect(ring.primary).toBe(legacy.keyId);
    const again = parseKeyRing(serializeKeyRing(ring), 'test');
    expect(again.hashKey.equals(ringOf(master).hashKey)).toBe(true);
    expect(again.keys.get(ring.primary)!.key.equals(master)).toBe(true);
  });

  it('refuses a ring whose key does not match its id', () => {
    const ring = ringOf(randomBytes(32));
    const text = serializeKeyRing(ring).replace(ring.primary, '00000000');
    expect(() => parseKeyRing(text, 'master.key')).toThrow(/master\.key/);
  });
});

describeEachDialect('keys rotate', (db) => {
  let dir: string;
  let actor: Actor;
  const people: { id: string; idCard: string; phone: string }[] = [];

  beforeAll(async () => {
    setKeyReloadInterval(0);
    dir = mkdtempSync(path.join(tmpdir(), 'rongzhi-rotate-'));
    const world = await seedWorld(db());
    actor = {
      accountId: world.ids.daming!,
      username: 'daming',
      displayName: '测试daming',
      role: 'county_admin',
      regionCode: places.daming,
      organizationId: null,
      teamId: null,
      volunteerId: null,
      sessionKind: 'staff',
    };
  });
  afterAll(() => {
    setKeyReloadInterval(1000);
    rmSync(dir, { recursive: true, force: true });
  });

  const register = async (service: VolunteersService, n: number) => {
    const idCard = fakeIdCard();
    const phone = fakePhone();
    const input = volunteerInputSchema.parse({
      name: `轮换${n}`,
      idCard,
      phone,
      residenceCode: places.damingzhen,
      isVeteran: true,
    });
    await service.register(actor, input, { accountId: actor.accountId, username: 'daming', ip: null });
    const { id } = (await new VolunteersRepo(db().db).findByIdCardHashUnscoped(
      createFieldCrypto(loadMasterKey(dir, {})).hash(idCard),
    ))!;
    people.push({ id, idCard, phone });
  };

  it('re-encrypts everything under a new key while reads go on, retires the old key, keeps lookups', async () => {
    // The first key file format: one bare key. The "server" follows the file.
    const server = createFieldCrypto(loadMasterKey(dir, {}));
    const oldId = server.keyId;
    const service = new VolunteersService(db().db, server);
    for (let i = 0; i < 12; i++) await register(service, i);
    const columns = await encryptedColumns(db().db);
    expect(columns).toEqual(
      expect.arrayContaining([
        { table: 'volunteers', column: 'id_card_enc' },
        { table: 'volunteers', column: 'phone_enc' },
        { table: 'accounts', column: 'phone_enc' },
      ]),
    );

    // Reads (and a registration) go on all through the rotation.
    let rotating = true;
    let reads = 0;
    const reader = (async () => {
      let n = 100;
      while (rotating) {
        for (const p of people) {
          expect(
            await service.reveal(actor, p.id, 'idCard', { accountId: null, username: 'r', ip: null }),
          ).toBe(p.idCard);
          reads++;
        }
        if (n < 103) await register(service, n++);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const result = await rotateKeys(db().db, { file: keyFileIn(dir), batch: 5, graceMs: 20 }).finally(() => {
      rotating = false;
    });
    await reader;
    expect(reads).toBeGreaterThan(0);

    expect(result.newKeyId).not.toBe(oldId);
    expect(result.retired).toEqual([oldId]);
    expect(result.stillUsed).toEqual({});
    expect(result.reencrypted).toBeGreaterThanOrEqual(24);

    // The old key is gone from the file; the file stays private.
    const ring = readKeyRing(keyFileIn(dir));
    expect([...ring.keys.keys()]).toEqual([result.newKeyId]);
    expect(readFileSync(keyFileIn(dir), 'utf8')).not.toContain(oldId);
    expect(statSync(keyFileIn(dir)).mode & 0o777).toBe(0o600);

    // No volunteer ciphertext names the old key; everything decrypts with the new ring alone.
    const rows = await db().db.selectFrom('volunteers').select(['id', 'idCardEnc', 'phoneEnc']).execute();
    const fresh = createFieldCrypto(loadMasterKey(dir, {}));
    for (const p of people) {
      const row = rows.find((r) => r.id === p.id)!;
      expect(keyIdOfCiphertext(row.idCardEnc)).toBe(result.newKeyId);
      expect(fresh.decrypt(row.idCardEnc)).toBe(p.idCard);
      expect(fresh.decrypt(row.phoneEnc!)).toBe(p.phone);
      expect(await service.reveal(actor, p.id, 'phone', { accountId: null, username: 'r', ip: null })).toBe(
        p.phone,
      );
    }
    const stale = await sql<{ n: number }>`select count(*) as n from volunteers
      where id_card_enc like ${`v1.${oldId}.%`} or phone_enc like ${`v1.${oldId}.%`}`.execute(db().db);
    expect(Number(stale.rows[0]!.n)).toBe(0);

    // The lookup hash did not change: the ID number and the phone still find the person.
    for (const p of people) {
      expect(await new VolunteersRepo(db().db).findByIdCardHashUnscoped(fresh.hash(p.idCard))).toEqual({
        id: p.id,
      });
      const found = await service.list(actor, volunteerListQuerySchema.parse({ q: p.phone }));
      expect(found.items.map((i) => i.id)).toEqual([p.id]);
    }
    // A second registration of the same ID number is still recognised as a duplicate.
    await expect(
      service.register(
        actor,
        volunteerInputSchema.parse({
          name: '重复',
          idCard: people[0]!.idCard,
          residenceCode: places.damingzhen,
          isVeteran: true,
        }),
        { accountId: actor.accountId, username: 'daming', ip: null },
      ),
    ).rejects.toMatchObject({ code: 'VOLUNTEER_EXISTS' });
  });
});
