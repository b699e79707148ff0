import type { Kysely } from 'kysely';
import type { Insertable } from 'kysely';
import type { AccountRow, AccountsTable, DB } from '../../db/types';
import { containsText } from '../../db/sql';
import { accountVisibility, type Scope } from '../identity/scope';

export type AccountView = AccountRow & {
  regionName: string | null;
  regionLevel: string | null;
  organizationName: string | null;
};

/** All SQL over accounts. Every read takes the caller's scope, or names its exception. */
export class AccountsRepo {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('accounts')
      .leftJoin('regions', 'regions.code', 'accounts.regionCode')
      .leftJoin('organizations', 'organizations.id', 'accounts.organizationId')
      .selectAll('accounts')
      .select([
        'regions.name as regionName',
        'regions.level as regionLevel',
        'organizations.name as organizationName',
      ]);
  }

  /** A scope of `'system'` is the three system roles' account administration view: every account. */
  async list(
    scope: Scope | 'system',
    q: string | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ items: AccountView[]; total: number }> {
    let query = this.base();
    let count = this.db.selectFrom('accounts');
    if (scope !== 'system') {
      query = query.where(accountVisibility(scope));
      count = count.where(accountVisibility(scope));
    }
    if (q) {
      query = query.where((eb) =>
        eb.or([containsText('accounts.username', q), containsText('accounts.displayName', q)]),
      );
      count = count.where((eb) =>
        eb.or([containsText('accounts.username', q), containsText('accounts.displayName', q)]),
      );
    }
    const [items, total] = await Promise.all([
      query
        .orderBy('accounts.regionCode')
        .orderBy('accounts.createdAt')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      count.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: items as AccountView[], total: Number(total.n) };
  }

  async findVisible(scope: Scope | 'system', id: string): Promise<AccountView | undefined> {
    let query = this.base().where('accounts.id', '=', id);
    if (scope !== 'system') query = query.where(accountVisibility(scope));
    return (await query.executeTakeFirst()) as AccountView | undefined;
  }

  /** Unscoped existence check, to tell "out of your scope" from "no such account". */
  async existsUnscoped(id: string): Promise<boolean> {
    return !!(await this.db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst());
  }

  /** Login lookups are unscoped by nature: nobody is signed in yet. */
  async findForLogin(by: { username: string } | { phoneHash: string }): Promise<AccountRow | undefined> {
    const q = this.db.selectFrom('accounts').selectAll();
    return 'username' in by
      ? q.where('username', '=', by.username).executeTakeFirst()
      : q.where('phoneHash', '=', by.phoneHash).executeTakeFirst();
  }

  async insert(row: Insertable<AccountsTable>): Promise<void> {
    await this.db.insertInto('accounts').values(row).execute();
  }

  async update(id: string, values: Partial<Omit<AccountRow, 'id'>>): Promise<void> {
    await this.db.updateTable('accounts').set(values).where('id', '=', id).execute();
  }

  async usernameTaken(username: string): Promise<boolean> {
    return !!(await this.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst());
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
