import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { defaultPasswordPolicy, passwordPolicySchema, type PasswordPolicy } from '../../shared/identity';

const PASSWORD_POLICY = 'password_policy';

export class SettingsRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async passwordPolicy(): Promise<PasswordPolicy> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', PASSWORD_POLICY)
      .executeTakeFirst();
    if (!row) return defaultPasswordPolicy;
    return passwordPolicySchema.parse({ ...defaultPasswordPolicy, ...JSON.parse(row.value) });
  }

  async setPasswordPolicy(policy: PasswordPolicy, by: string, now: string): Promise<void> {
    const values = { value: JSON.stringify(policy), updatedAt: now, updatedBy: by };
    await this.db
      .insertInto('settings')
      .values({ key: PASSWORD_POLICY, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
  }
}
