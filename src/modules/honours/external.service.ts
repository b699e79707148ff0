import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { HolderKind } from '../../shared/honours';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayRecordExternalHonours } from '../identity/policy';
import { regionRowVisibility, scopeOf } from '../identity/scope';
import { holderInScope } from './dossier';

export interface ExternalInput {
  name: string;
  level: 'county' | 'city' | 'province' | 'national';
  issuer: string;
  year: number;
  holderKind: HolderKind;
  holderId: string;
  evidence: string;
}

/** 外部荣誉: recognitions from outside the pipeline, entered with their evidence by the reviewing bureaus. */
export class ExternalHonoursService {
  constructor(private readonly db: Kysely<DB>) {}

  async listExternal(actor: Actor) {
    const scope = scopeOf(actor);
    return this.db
      .selectFrom('externalHonours')
      .select([
        'id',
        'name',
        'level',
        'issuer',
        'year',
        'holderKind',
        'holderId',
        'holderName',
        'regionCode',
        'evidence',
        'createdAt',
      ])
      .where((eb) => regionRowVisibility<DB, 'externalHonours'>(scope, 'externalHonours.regionCode')(eb))
      .orderBy('year', 'desc')
      .orderBy('createdAt', 'desc')
      .execute();
  }

  async addExternal(actor: Actor, input: ExternalInput, context: AuditContext): Promise<string> {
    if (!mayRecordExternalHonours(actor))
      throw new AppError('FORBIDDEN', '外部荣誉由县级及以上退役军人事务部门录入');
    const holder = await holderInScope(this.db, scopeOf(actor), input.holderKind, input.holderId);
    if (!holder) throw new AppError('OUT_OF_SCOPE', '获得者不在您的管辖范围内', { field: 'holderId' });
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('externalHonours')
        .values({
          id,
          ...input,
          holderName: holder.name,
          regionCode: holder.regionCode,
          createdBy: actor.accountId,
          createdAt: new Date().toISOString(),
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'honour.external.add',
        result: 'success',
        targetType: 'external_honour',
        targetId: id,
        regionCode: holder.regionCode,
        detail: { name: input.name, holder: holder.name },
      });
    });
    return id;
  }
}
