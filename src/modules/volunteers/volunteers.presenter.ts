import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskIdCard, maskPhone } from '../../server/security/mask';
import { ageOn } from '../../shared/idcard';
import type { MemberRole, VolunteerSummary } from '../../shared/registry';
import { fromFlag } from '../../db/database';
import type { VolunteerListRow } from './volunteers.repo';
import { levelOfCode } from '../../shared/regions';

/** Rows never leave the server raw: ID-card number and phone are decrypted only to be masked. */
export function presentVolunteer(
  row: VolunteerListRow,
  crypto: FieldCrypto,
  teams: { teamId: string; teamName: string; role: MemberRole }[],
  residencePath: string,
  today = new Date(),
): VolunteerSummary {
  return {
    id: row.id,
    volunteerNo: row.volunteerNo,
    name: row.name,
    gender: row.gender,
    age: ageOn(row.birthDate, today),
    idCard: maskIdCard(crypto.decrypt(row.idCardEnc))!,
    phone: row.phoneEnc ? maskPhone(crypto.decrypt(row.phoneEnc)) : null,
    residence: { code: row.residenceCode, name: row.residenceName, level: levelOfCode(row.residenceCode) },
    residencePath,
    isVeteran: fromFlag(row.isVeteran),
    veteranKind: (row.veteranKind as VolunteerSummary['veteranKind']) ?? null,
    partyMember: fromFlag(row.partyMember),
    veteranSecretary: fromFlag(row.veteranSecretary),
    teams: teams.map((t) => ({ id: t.teamId, name: t.teamName, role: t.role })),
  };
}
