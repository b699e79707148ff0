import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  type HolderKind,
  type NominationFacts,
} from '../../shared/honours';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { isRegionWithin, teamVisibility, volunteerVisibility, type Scope } from '../identity/scope';
import { listHonoursHeld } from './honours.read';
import { HonoursService } from './honours.service';
import { lockAt, recordEvent } from './nominations.workflow';

/** The holder as the actor's scope sees it: its name and region, or null when outside the scope. */
export async function holderInScope(
  db: Kysely<DB>,
  scope: Scope,
  kind: HolderKind,
  id: string,
): Promise<{ name: string; regionCode: string } | null> {
  switch (kind) {
    case 'volunteer': {
      const v = await db
        .selectFrom('volunteers')
        .select(['name', 'residenceCode'])
        .where('id', '=', id)
        .where((eb) => volunteerVisibility(scope)(eb))
        .executeTakeFirst();
      return v ? { name: v.name, regionCode: v.residenceCode } : null;
    }
    case 'team': {
      const t = await db
        .selectFrom('teams')
        .select(['name', 'regionCode'])
        .where('id', '=', id)
        .where((eb) => teamVisibility(scope)(eb))
        .executeTakeFirst();
      return t ? { name: t.name, regionCode: t.regionCode } : null;
    }
    case 'brand': {
      const b = await db
        .selectFrom('brands')
        .select(['name', 'countyCode'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!b) return null;
      if (scope.kind === 'region' && isRegionWithin(b.countyCode, scope.regionCode))
        return { name: b.name, regionCode: b.countyCode };
      const viaTeam = await db
        .selectFrom('brandTeams')
        .innerJoin('teams', 'teams.id', 'brandTeams.teamId')
        .select('teams.id')
        .where('brandTeams.brandId', '=', id)
        .where((eb) => teamVisibility(scope)(eb))
        .executeTakeFirst();
      return viaTeam ? { name: b.name, regionCode: b.countyCode } : null;
    }
    case 'village': {
      const r = await db
        .selectFrom('regions')
        .select(['name', 'code', 'level'])
        .where('code', '=', id)
        .executeTakeFirst();
      if (!r || r.level !== 'village') return null;
      if (scope.kind === 'region' && isRegionWithin(r.code, scope.regionCode))
        return { name: r.name, regionCode: r.code };
      const viaTeam = await db
        .selectFrom('teams')
        .select('id')
        .where('regionCode', '=', r.code)
        .where((eb) => teamVisibility(scope)(eb))
        .executeTakeFirst();
      return viaTeam ? { name: r.name, regionCode: r.code } : null;
    }
  }
}

/** The facts of the dossier, taken from the data now. */
export async function factsOf(db: Kysely<DB>, kind: HolderKind, id: string): Promise<NominationFacts> {
  const honoursHeld = (await listHonoursHeld(db, { kind, id })).map(({ name, level, year }) => ({
    name,
    level,
    year,
  }));
  const takenAt = new Date().toISOString();
  if (kind === 'volunteer') {
    const v = await db
      .selectFrom('volunteers')
      .select(['confirmedMinutes', 'starLevel'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const a = await db
      .selectFrom('serviceRecords')
      .select((eb) => eb.fn.count<number>('activityId').distinct().as('n'))
      .where('volunteerId', '=', id)
      .where('status', '=', 'confirmed')
      .executeTakeFirst();
    return {
      confirmedMinutes: Number(v.confirmedMinutes),
      starLevel: Number(v.starLevel),
      activityCount: Number(a?.n ?? 0),
      honoursHeld,
      takenAt,
    };
  }
  const teamIds =
    kind === 'team'
      ? [id]
      : kind === 'brand'
        ? (await db.selectFrom('brandTeams').select('teamId').where('brandId', '=', id).execute()).map(
            (r) => r.teamId,
          )
        : (await db.selectFrom('teams').select('id').where('regionCode', '=', id).execute()).map((r) => r.id);
  if (!teamIds.length)
    return { confirmedMinutes: 0, activityCount: 0, memberCount: 0, teamCount: 0, honoursHeld, takenAt };
  const [minutes, activities, members] = await Promise.all([
    db
      .selectFrom('serviceRecords')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('minutes'), sql<number>`0`).as('m'))
      .where('teamId', 'in', teamIds)
      .where('status', '=', 'confirmed')
      .executeTakeFirst(),
    db
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('teamId', 'in', teamIds)
      .where('status', '=', 'completed')
      .executeTakeFirst(),
    db
      .selectFrom('memberships')
      .select((eb) => eb.fn.count<number>('volunteerId').distinct().as('n'))
      .where('teamId', 'in', teamIds)
      .where('leftOn', 'is', null)
      .executeTakeFirst(),
  ]);
  return {
    confirmedMinutes: Number(minutes?.m ?? 0),
    activityCount: Number(activities?.n ?? 0),
    memberCount: Number(members?.n ?? 0),
    teamCount: teamIds.length,
    honoursHeld,
    takenAt,
  };
}

/** 事迹材料 files: added while the nomination is under review, read by whoever can see it. */
export class NominationFiles {
  private readonly reads: HonoursService;
  constructor(private readonly db: Kysely<DB>) {
    this.reads = new HonoursService(db);
  }

  async addAttachment(
    actor: Actor,
    id: string,
    file: { fileName: string; mimeType: string; dataBase64: string },
    context: AuditContext,
  ): Promise<string> {
    await this.reads.requireVisible(actor, id);
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.mimeType))
      throw new AppError('FILE_REJECTED', '仅支持 PDF、JPEG、PNG 文件', { field: 'mimeType' });
    const bytes = Buffer.from(file.dataBase64, 'base64');
    if (!bytes.length) throw new AppError('FILE_REJECTED', '文件为空', { field: 'file' });
    if (bytes.length > ATTACHMENT_MAX_BYTES)
      throw new AppError('FILE_REJECTED', '单个文件不超过 512 KB', { field: 'file' });
    const magic: Record<string, (b: Buffer) => boolean> = {
      'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
      'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
      'image/png': (b) =>
        b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    };
    if (!magic[file.mimeType]!(bytes))
      throw new AppError('FILE_REJECTED', '文件内容与类型不符', { field: 'file' });
    const aid = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      const row = await lockAt(tx, id, ['county_review', 'city_review'], '审核结束后不能再补充材料');
      await tx
        .insertInto('nominationAttachments')
        .values({
          id: aid,
          nominationId: id,
          fileName: file.fileName,
          mimeType: file.mimeType,
          size: bytes.length,
          dataBase64: bytes.toString('base64'),
          uploadedBy: actor.displayName,
          uploadedAt: new Date().toISOString(),
        })
        .execute();
      await recordEvent(tx, actor, id, 'attachment', row.status, row.status, file.fileName);
      await new AuditRepo(tx).write(context, {
        action: 'honour.attachment.add',
        result: 'success',
        targetType: 'nomination',
        targetId: id,
        regionCode: row.regionCode,
        detail: { fileName: file.fileName, size: bytes.length },
      });
    });
    return aid;
  }

  async attachment(actor: Actor, id: string, attachmentId: string) {
    await this.reads.requireVisible(actor, id);
    const a = await this.db
      .selectFrom('nominationAttachments')
      .select(['fileName', 'mimeType', 'dataBase64'])
      .where('id', '=', attachmentId)
      .where('nominationId', '=', id)
      .executeTakeFirst();
    if (!a) throw new AppError('NOT_FOUND', '材料不存在');
    return { fileName: a.fileName, mimeType: a.mimeType, data: Buffer.from(a.dataBase64, 'base64') };
  }
}
