import type { Role } from '../../shared/identity';

/** The signed-in person behind a request, as the session resolved it. */
export interface Actor {
  accountId: string;
  username: string | null;
  displayName: string;
  role: Role;
  regionCode: string | null;
  organizationId: string | null;
  teamId: string | null;
  volunteerId: string | null;
  sessionKind: 'staff' | 'volunteer';
}

/** Who did something, for the audit log: an actor, or an anonymous caller (a failed login). */
export interface AuditContext {
  accountId: string | null;
  username: string | null;
  ip: string | null;
}

export const auditContextOf = (actor: Actor | null, ip: string | null): AuditContext => ({
  accountId: actor?.accountId ?? null,
  username: actor?.username ?? null,
  ip,
});
