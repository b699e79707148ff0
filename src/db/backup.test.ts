import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../tests/support/db';
import { describeWhen } from '../../tests/support/skip';
import { AuditRepo } from '../modules/audit/audit.repo';
import { backup, BackupError, restore, tableDigests } from './backup';
import { createDatabase, type DialectName } from './database';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

for (const dialect of ['sqlite', 'postgres'] as DialectName[]) {
  describeWhen(dialect === 'sqlite' || !!process.env.TEST_DATABASE_URL, 'PostgreSQL (TEST_DATABASE_URL)')(
    `backup and restore drill [${dialect}]`,
    () => {
      let source: TestDb;
      let target: TestDb;
      const dir = mkdtempSync(path.join(tmpdir(), 'rongzhi-backup-'));
      const file = path.join(dir, dialect === 'sqlite' ? 'backup.sqlite' : 'backup.dump');

      beforeAll(async () => {
        source = await createTestDatabase(dialect);
        target = await createTestDatabase(dialect);
        // Something beyond the template: settings, an audit entry with non-ASCII text.
        await source.db
          .insertInto('settings')
          .values({
            key: 'backup.drill',
            value: JSON.stringify({ note: '恢复演练' }),
            updatedAt: new Date().toISOString(),
            updatedBy: null,
          })
          .execute();
        await new AuditRepo(source.db).write(
          { accountId: null, username: 'cli', ip: null },
          { action: 'backup.drill', result: 'success', detail: { 说明: '备份前写入' } },
        );
      });
      afterAll(async () => {
        await source?.close();
        await target?.close();
        rmSync(dir, { recursive: true, force: true });
      });

      it('backs up online and restores every table row for row', async () => {
        const before = await tableDigests(source);
        await backup(source.location, file);
        expect(existsSync(file)).toBe(true);
        await expect(backup(source.location, file)).rejects.toThrow(BackupError);

        // The source keeps changing after the backup; the restore must give the state at backup time.
        await source.db.deleteFrom('settings').where('key', '=', 'backup.drill').execute();

        if ('sqliteFile' in target.location) {
          await target.close();
          const restoredFile = path.join(dir, 'restored', 'rongzhi.sqlite');
          await restore({ sqliteFile: restoredFile }, file);
          const restored = createDatabase({ sqliteFile: restoredFile });
          try {
            expect(await tableDigests(restored)).toEqual(before);
          } finally {
            await restored.close();
          }
          target = await createTestDatabase(dialect);
        } else {
          await restore(target.location, file);
          expect(await tableDigests(target)).toEqual(before);
        }
        expect(before.find((d) => d.table === 'settings')?.rows).toBeGreaterThan(0);
        expect(before.find((d) => d.table === 'regions')?.rows).toBeGreaterThan(100);
      });

      it('refuses a file that is not a backup and leaves the database as it was', async () => {
        const junk = path.join(dir, 'junk.bin');
        writeFileSync(junk, Buffer.from('this is not a database backup'.repeat(100)));
        const before = await tableDigests(target);
        await expect(restore(target.location, junk)).rejects.toThrow();
        if ('sqliteFile' in target.location)
          expect(existsSync(`${target.location.sqliteFile}.restoring`)).toBe(false);
        expect(await tableDigests(target)).toEqual(before);
      });
    },
  );
}
