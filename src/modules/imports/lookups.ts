import type { Kysely } from 'kysely';
import type { DB, TeamStatus } from '../../db/types';
import { teamVisibility, volunteerVisibility, type Scope } from '../identity/scope';
import { chunks } from './rowParsing';

/**
 * The batched reads an import needs, one `in (...)` query per 500 keys instead of one per row.
 * Every read of scoped data takes the scope filters from scope.ts.
 */
const BATCH = 500;

export async function existingRegionCodes(db: Kysely<DB>, codes: Iterable<string>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const batch of chunks([...new Set(codes)], BATCH)) {
    const rows = await db.selectFrom('regions').select('code').where('code', 'in', batch).execute();
    for (const r of rows) found.add(r.code);
  }
  return found;
}

export interface VisibleTeam {
  id: string;
  status: TeamStatus;
  path: string;
  regionCode: string;
}

/** Teams the scope can see, among the ids named in a file. */
export async function visibleTeams(
  db: Kysely<DB>,
  scope: Scope,
  ids: Iterable<string>,
): Promise<Map<string, VisibleTeam>> {
  const found = new Map<string, VisibleTeam>();
  for (const batch of chunks([...new Set(ids)], BATCH)) {
    const rows = await db
      .selectFrom('teams')
      .select(['id', 'status', 'path', 'regionCode'])
      .where('id', 'in', batch)
      .where(teamVisibility(scope))
      .execute();
    for (const r of rows) found.set(r.id, r);
  }
  return found;
}

export interface KnownVolunteer {
  id: string;
  volunteerNo: string;
  /** Inside the importer's scope: may be named; outside it, only "registered elsewhere" is said. */
  visible: boolean;
}

/** Volunteers already registered under these ID-card hashes, and whether the scope may see each. */
export async function knownVolunteers(
  db: Kysely<DB>,
  scope: Scope,
  idHashes: Iterable<string>,
): Promise<Map<string, KnownVolunteer>> {
  const byHash = new Map<string, KnownVolunteer>();
  for (const batch of chunks([...new Set(idHashes)], BATCH)) {
    const rows = await db
      .selectFrom('volunteers')
      .select(['id', 'volunteerNo', 'idCardHash'])
      .where('idCardHash', 'in', batch)
      .execute();
    if (rows.length === 0) continue;
    const visible = await db
      .selectFrom('volunteers')
      .select('id')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .where(volunteerVisibility(scope))
      .execute();
    const seen = new Set(visible.map((v) => v.id));
    for (const r of rows)
      byHash.set(r.idCardHash, { id: r.id, volunteerNo: r.volunteerNo, visible: seen.has(r.id) });
  }
  return byHash;
}

export async function takenPhoneHashes(db: Kysely<DB>, hashes: Iterable<string>): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const batch of chunks([...new Set(hashes)], BATCH)) {
    const rows = await db
      .selectFrom('volunteers')
      .select('phoneHash')
      .where('phoneHash', 'in', batch)
      .execute();
    for (const r of rows) if (r.phoneHash) taken.add(r.phoneHash);
  }
  return taken;
}
