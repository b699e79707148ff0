import type { Account } from '../../shared/identity';
import { roleLabels } from '../../shared/identity';
import type { RegionLevel } from '../../shared/regions';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskPhone } from '../../server/security/mask';
import type { AccountView } from './accounts.repo';

/** Rows never leave the server raw: the phone is decrypted only to be masked. */
export function presentAccount(row: AccountView, crypto: FieldCrypto, now = new Date()): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    roleLabel: roleLabels[row.role],
    region:
      row.regionCode && row.regionName
        ? { code: row.regionCode, name: row.regionName, level: row.regionLevel as RegionLevel }
        : null,
    organization: row.organizationId ? { id: row.organizationId, name: row.organizationName ?? '' } : null,
    teamId: row.teamId,
    phone: row.phoneEnc ? maskPhone(crypto.decrypt(row.phoneEnc)) : null,
    status: row.status,
    locked: !!row.lockedUntil && Date.parse(row.lockedUntil) > now.getTime(),
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
  };
}
