import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../tests/support/db';
import { AuditRepo } from '../modules/audit/audit.repo';
import { toAppError } from './errorHandler';

describeEachDialect('database refusals become clear errors', (db) => {
  const caught = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      return toAppError(error as Error);
    }
    throw new Error('the database accepted it');
  };

  it('maps a missing reference to 400 and a duplicate to 409, never to a 500', async () => {
    const missing = await caught(() =>
      db().db.insertInto('brandTeams').values({ brandId: randomUUID(), teamId: randomUUID() }).execute(),
    );
    expect(missing).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const now = new Date().toISOString();
    const row = { key: `dup.${randomUUID()}`, value: '1', updatedAt: now, updatedBy: null };
    await db().db.insertInto('settings').values(row).execute();
    const duplicate = await caught(() => db().db.insertInto('settings').values(row).execute());
    expect(duplicate).toMatchObject({ code: 'CONFLICT', status: 409 });
  });

  it('maps a refusal by an append-only trigger to 409', async () => {
    await new AuditRepo(db().db).write(
      { accountId: null, username: null, ip: null },
      { action: 'test.write', result: 'success' },
    );
    const refused = await caught(() =>
      db()
        .db.updateTable('auditLog')
        .set({ action: 'tampered' })
        .where('action', '=', 'test.write')
        .execute(),
    );
    expect(refused).toMatchObject({ code: 'CONFLICT', status: 409 });
  });
});
