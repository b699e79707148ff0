import type { Kysely, Transaction } from 'kysely';
import type { DB, VolunteerRow } from '../../db/types';
import { fromFlag, toFlag } from '../../db/database';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskPhone } from '../../server/security/mask';
import { veteranKindLabels } from '../../shared/registry';
import { RegionsService } from '../regions/regions.service';
import { VolunteersRepo } from '../volunteers/volunteers.repo';
import {
  correctableFieldLabels,
  correctableFields,
  correctionChangesSchema,
  type ChangeView,
  type CorrectionChanges,
} from './privacy.schemas';

const yesNo = (b: boolean) => (b ? '是' : '否');

/**
 * What the volunteer's side and the staff's side share about a person's record and a correction to it:
 * reading the record, what a correction really changes, the registry's rules it must pass, how it is shown
 * (the phone masked to staff), and writing it once accepted.
 */
export class Corrections {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  async volunteer(id: string): Promise<VolunteerRow> {
    const row = await this.db.selectFrom('volunteers').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '志愿者不存在');
    return row;
  }

  phoneOf(row: Pick<VolunteerRow, 'phoneEnc'>): string | null {
    return row.phoneEnc ? this.crypto.decrypt(row.phoneEnc) : null;
  }

  async changeViews(row: VolunteerRow, changes: CorrectionChanges, forStaff: boolean): Promise<ChangeView[]> {
    const codes = [row.residenceCode, ...(changes.residenceCode ? [changes.residenceCode] : [])];
    const paths = await new RegionsService(this.db).pathNames(codes);
    const phone = (p: string | null) => (forStaff ? (maskPhone(p) ?? '（无）') : (p ?? '（无）'));
    const show = (field: (typeof correctableFields)[number], value: unknown, current: boolean): string => {
      switch (field) {
        case 'phone':
          return phone((value as string | null) ?? null);
        case 'residenceCode':
          return paths.get(value as string) ?? String(value);
        case 'isVeteran':
        case 'partyMember':
          return yesNo(current ? fromFlag(value as number) : (value as boolean));
        case 'veteranKind':
          return value ? veteranKindLabels[value as keyof typeof veteranKindLabels] : '（无）';
        case 'serviceYears':
          return value === null || value === undefined ? '（无）' : `${String(value)}年`;
        default:
          return value === null || value === undefined || value === '' ? '（无）' : String(value);
      }
    };
    const currentValue = (field: (typeof correctableFields)[number]): unknown =>
      field === 'phone' ? this.phoneOf(row) : row[field];
    return correctableFields
      .filter((f) => changes[f] !== undefined)
      .map((f) => ({
        field: f,
        label: correctableFieldLabels[f],
        from: show(f, currentValue(f), true),
        to: show(f, changes[f], false),
      }));
  }

  readChanges(enc: string | null): CorrectionChanges {
    if (!enc) return {};
    return correctionChangesSchema.safeParse(JSON.parse(this.crypto.decrypt(enc))).data ?? {};
  }

  /** Leaves out what already holds: a correction that changes nothing is no correction. */
  effective(row: VolunteerRow, changes: CorrectionChanges): CorrectionChanges {
    const out: Record<string, unknown> = {};
    const same = (f: (typeof correctableFields)[number], v: unknown) => {
      switch (f) {
        case 'phone':
          return this.phoneOf(row) === v;
        case 'isVeteran':
        case 'partyMember':
          return fromFlag(row[f]) === v;
        default:
          return (row[f] ?? null) === (v === '' && f !== 'skills' ? null : v);
      }
    };
    for (const f of correctableFields) {
      const v = changes[f];
      if (v !== undefined && !same(f, v)) out[f] = v;
    }
    if (out.isVeteran === false) out.veteranKind = null;
    return out as CorrectionChanges;
  }

  /** The registry's rules for personal details: the region exists, a phone belongs to one person only. */
  async validate(tx: Kysely<DB>, row: VolunteerRow, changes: CorrectionChanges): Promise<void> {
    if (changes.residenceCode) {
      const region = await tx
        .selectFrom('regions')
        .select('code')
        .where('code', '=', changes.residenceCode)
        .executeTakeFirst();
      if (!region) throw new AppError('REGION_NOT_FOUND', undefined, { field: 'residenceCode' });
    }
    if (changes.phone) {
      const hash = this.crypto.hash(changes.phone);
      const otherAccount = await tx
        .selectFrom('accounts')
        .select('id')
        .where('phoneHash', '=', hash)
        .where((eb) => eb.or([eb('volunteerId', 'is', null), eb('volunteerId', '!=', row.id)]))
        .executeTakeFirst();
      if ((await new VolunteersRepo(tx).phoneTaken(hash, row.id)) || otherAccount)
        throw new AppError('PHONE_TAKEN', undefined, { field: 'phone' });
    }
  }

  /** Writes an accepted correction: encrypted phone and its keyed hash, and the login account kept in step. */
  async apply(tx: Transaction<DB>, row: VolunteerRow, changes: CorrectionChanges): Promise<void> {
    await this.validate(tx, row, changes);
    const now = new Date().toISOString();
    const phone = changes.phone
      ? { phoneEnc: this.crypto.encrypt(changes.phone), phoneHash: this.crypto.hash(changes.phone) }
      : {};
    await tx
      .updateTable('volunteers')
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...phone,
        ...(changes.residenceCode !== undefined ? { residenceCode: changes.residenceCode } : {}),
        ...(changes.isVeteran !== undefined ? { isVeteran: toFlag(changes.isVeteran) } : {}),
        ...(changes.veteranKind !== undefined ? { veteranKind: changes.veteranKind } : {}),
        ...(changes.branch !== undefined ? { branch: changes.branch || null } : {}),
        ...(changes.serviceYears !== undefined ? { serviceYears: changes.serviceYears } : {}),
        ...(changes.partyMember !== undefined ? { partyMember: toFlag(changes.partyMember) } : {}),
        ...(changes.skills !== undefined ? { skills: changes.skills } : {}),
        updatedAt: now,
      })
      .where('id', '=', row.id)
      .execute();
    // The volunteer signs in with their mobile number: the account follows the record.
    const account = {
      ...(changes.name !== undefined ? { displayName: changes.name } : {}),
      ...phone,
      ...(changes.residenceCode !== undefined ? { regionCode: changes.residenceCode } : {}),
    };
    if (Object.keys(account).length)
      await tx.updateTable('accounts').set(account).where('volunteerId', '=', row.id).execute();
  }
}
