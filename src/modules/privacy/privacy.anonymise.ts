import { PostgresAdapter, type Transaction } from 'kysely';
import type { DB, VolunteerRow } from '../../db/types';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { certificateContentSchema } from '../../shared/certificates';
import { chinaToday } from '../../shared/dates';
import { releaseSignUp } from '../activities/activities.service';
import { sealCertificateContent } from '../certificates/certificates.service';
import { SessionsRepo } from '../identity/sessions.repo';
import { erasePublicity } from '../publicity/consent';
import { PrivacyRepo } from './privacy.repo';

/** What the ID-card column holds once the number is gone (encrypted like any value, so every reader works). */
const ERASED_ID = '已注销';

/**
 * 注销: the person becomes 已注销志愿者XXXXXX. Name, ID-card number, phone and their lookup hashes,
 * and the finer personal facts go; their login is disabled and its sessions end; their publicity goes.
 * Service records, hours, star level, residence area and birth year stay, so every total is unchanged.
 * Runs inside the transaction that records the decision; returns what it touched, for the audit entry.
 */
export async function anonymise(
  tx: Transaction<DB>,
  crypto: FieldCrypto,
  row: VolunteerRow,
  placeholder: string,
  by: string,
) {
  const now = new Date().toISOString();
  await tx
    .updateTable('volunteers')
    .set({
      name: placeholder,
      idCardEnc: crypto.encrypt(ERASED_ID),
      // Not a keyed hash of any number: nothing typed can find the person again.
      idCardHash: `erased:${row.id}`,
      phoneEnc: null,
      phoneHash: null,
      // The birth year stays for the age figures; the day goes.
      birthDate: `${row.birthDate.slice(0, 4)}-01-01`,
      branch: null,
      serviceYears: null,
      partyMember: 0,
      skills: '',
      updatedAt: now,
    })
    .where('id', '=', row.id)
    .execute();
  const publicity = await erasePublicity(tx, row.id, placeholder, by);

  const accounts = await new PrivacyRepo(tx).volunteerAccounts(row.id);
  for (const a of accounts) {
    await tx
      .updateTable('accounts')
      .set({
        status: 'disabled',
        displayName: placeholder,
        phoneEnc: null,
        // The login name must stay non-empty (check constraint); this one matches no phone.
        phoneHash: `erased:${a.id}`,
        passwordHash: '!erased',
        activationCodeHash: null,
        activationExpiresAt: null,
      })
      .where('id', '=', a.id)
      .execute();
    await new SessionsRepo(tx).deleteForAccount(a.id);
  }
  // The teams they led or answered the phone for name them as free text: the name and number go too.
  const phone = row.phoneEnc ? crypto.decrypt(row.phoneEnc) : null;
  const theirTeams = await tx
    .selectFrom('teams')
    .innerJoin('memberships', 'memberships.teamId', 'teams.id')
    .select(['teams.id', 'teams.leaderName', 'teams.contactPhoneEnc'])
    .where('memberships.volunteerId', '=', row.id)
    .execute();
  for (const t of theirTeams) {
    const changes: { leaderName?: string; contactPhoneEnc?: null } = {};
    if (t.leaderName === row.name) changes.leaderName = placeholder;
    if (phone && t.contactPhoneEnc && crypto.decrypt(t.contactPhoneEnc) === phone)
      changes.contactPhoneEnc = null;
    if (Object.keys(changes).length)
      await tx.updateTable('teams').set(changes).where('id', '=', t.id).execute();
  }
  const memberships = await tx
    .updateTable('memberships')
    .set({ leftOn: chinaToday() })
    .where('volunteerId', '=', row.id)
    .where('leftOn', 'is', null)
    .executeTakeFirst();
  await tx
    .updateTable('joinRequests')
    .set({ status: 'rejected', decidedBy: by, decidedAt: now, reason: '本人已注销' })
    .where('volunteerId', '=', row.id)
    .where('status', '=', 'pending')
    .execute();
  await tx
    .updateTable('nominations')
    .set({ nomineeName: placeholder })
    .where('nomineeKind', '=', 'volunteer')
    .where('nomineeId', '=', row.id)
    .execute();
  await tx
    .updateTable('externalHonours')
    .set({ holderName: placeholder })
    .where('holderKind', '=', 'volunteer')
    .where('holderId', '=', row.id)
    .execute();
  // Certificates stay verifiable (hours, issuer, date) but name nobody.
  const certificates = await tx
    .selectFrom('certificates')
    .select(['id', 'content'])
    .where('volunteerId', '=', row.id)
    .execute();
  for (const c of certificates) {
    const content = certificateContentSchema.parse(JSON.parse(c.content));
    const sealed = sealCertificateContent({ ...content, name: placeholder, idNumberMasked: '（已注销）' });
    await tx
      .updateTable('certificates')
      .set({ content: sealed.text, contentHash: sealed.hash, holderSurname: placeholder.slice(0, 1) })
      .where('id', '=', c.id)
      .execute();
  }
  // Places held in activities not yet under way go back to others: the waitlist moves up.
  const upcoming = await tx
    .selectFrom('signups')
    .innerJoin('activities', 'activities.id', 'signups.activityId')
    .select('signups.activityId')
    .where('signups.volunteerId', '=', row.id)
    .where('signups.status', '!=', 'cancelled')
    .where('activities.status', 'in', ['draft', 'published'])
    .orderBy('signups.activityId')
    .execute();
  const postgres = tx.getExecutor().adapter instanceof PostgresAdapter;
  for (const u of upcoming) await releaseSignUp(tx, u.activityId, row.id, postgres);
  // Requested corrections carried personal values too.
  await tx
    .updateTable('privacyRequests')
    .set({ changesEnc: null })
    .where('volunteerId', '=', row.id)
    .execute();
  await tx
    .updateTable('privacyRequests')
    .set({ status: 'cancelled', decidedBy: by, decidedAt: now, decisionNote: '本人已注销' })
    .where('volunteerId', '=', row.id)
    .where('kind', '=', 'correction')
    .where('status', '=', 'pending')
    .execute();
  return {
    accountsDisabled: accounts.length,
    membershipsEnded: Number(memberships.numUpdatedRows),
    certificatesRenamed: certificates.length,
    signUpsReleased: upcoming.length,
    ...publicity,
  };
}
