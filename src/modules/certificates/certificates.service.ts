import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskIdCard } from '../../server/security/mask';
import {
  certificateContentSchema,
  formatHours,
  type CertificateContent,
  type Verification,
} from '../../shared/certificates';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { VolunteersService } from '../volunteers/volunteers.service';
import { renderCertificatePdf } from './certificate.pdf';
import { chinaToday } from '../../shared/dates';

/** Canonical JSON (sorted keys) so the content hash does not depend on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A certificate's stored text and the hash that public verification checks it against. */
export function sealCertificateContent(content: unknown): { text: string; hash: string } {
  const text = canonical(content);
  return { text, hash: sha256(text) };
}

/** Recently rendered certificate PDFs (≈100 KB each), least recently used dropped first. */
const RENDERED_PDF_LIMIT = 64;
const renderedPdfs = new Map<string, Buffer>();

/** 志愿服务记录证明: issued from confirmed records, verifiable by anyone without exposing personal data. */
export class CertificatesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  async issue(actor: Actor, volunteerId: string, context: AuditContext) {
    // Staff in scope, or the volunteer themselves (their scope is themselves).
    const volunteer = await new VolunteersService(this.db, this.crypto).requireVisible(actor, volunteerId);
    const records = await this.db
      .selectFrom('serviceRecords')
      .innerJoin('teams', 'teams.id', 'serviceRecords.teamId')
      .select([
        'serviceRecords.serviceDate',
        'serviceRecords.activityName',
        'serviceRecords.content',
        'serviceRecords.minutes',
        'teams.name as teamName',
      ])
      .where('serviceRecords.volunteerId', '=', volunteerId)
      .where('serviceRecords.status', '=', 'confirmed')
      .orderBy('serviceRecords.serviceDate')
      .execute();
    if (records.length === 0) throw new AppError('CONFLICT', '还没有已确认的服务记录，暂不能出具证明');
    const totalMinutes = records.reduce((n, r) => n + r.minutes, 0);
    const year = new Date().getUTCFullYear();
    const seq = await this.db
      .selectFrom('certificates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const number = `RZZM${year}${String(Number(seq.n) + 1).padStart(6, '0')}${randomBytes(1).toString('hex').toUpperCase()}`;
    const teams = [...new Set(records.map((r) => r.teamName))];
    const contents = [...new Set(records.map((r) => r.content))];
    const content: CertificateContent = {
      number,
      name: volunteer.name,
      idType: '居民身份证',
      idNumberMasked: maskIdCard(this.crypto.decrypt(volunteer.idCardEnc))!,
      volunteerNo: volunteer.volunteerNo,
      totalMinutes,
      serviceSummary: contents.slice(0, 6).join('、'),
      records: records.map((r) => ({
        date: r.serviceDate,
        activity: r.activityName,
        content: r.content,
        minutes: r.minutes,
      })),
      issuer: teams.length === 1 ? teams[0]! : `${teams[0]!}等${teams.length}支队伍`,
      personInCharge: actor.role === 'volunteer' ? '（队伍负责人）' : actor.displayName,
      handler: actor.role === 'volunteer' ? '系统自助出具' : actor.displayName,
      contact: '当地退役军人服务站',
      issuedOn: chinaToday(),
    };
    const id = randomUUID();
    const token = randomBytes(32).toString('base64url');
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('certificates')
        .values({
          id,
          number,
          volunteerId,
          token,
          holderSurname: volunteer.name.slice(0, 1),
          content: canonical(content),
          contentHash: sha256(canonical(content)),
          issuedAt: new Date().toISOString(),
          issuedBy: actor.accountId,
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'certificate.issue',
        result: 'success',
        targetType: 'certificate',
        targetId: id,
        regionCode: volunteer.residenceCode,
        detail: { number },
      });
    });
    return { id, number, issuedAt: new Date().toISOString(), totalMinutes, verifyPath: `/verify/${token}` };
  }

  async pdf(actor: Actor, certificateId: string, origin: string): Promise<{ number: string; pdf: Buffer }> {
    const row = await this.db
      .selectFrom('certificates')
      .selectAll()
      .where('id', '=', certificateId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '证明不存在');
    await new VolunteersService(this.db, this.crypto).requireVisible(actor, row.volunteerId);
    // Issued content never changes (the hash proves it), so the rendering (~100–300 ms of CPU: the
    // embedded CJK font is parsed and subset each time) is kept for repeated downloads; the access
    // check above runs on every request.
    const key = `${row.id}:${row.contentHash}:${origin}`;
    const cached = renderedPdfs.get(key);
    if (cached) {
      renderedPdfs.delete(key);
      renderedPdfs.set(key, cached);
      return { number: row.number, pdf: cached };
    }
    const content = certificateContentSchema.parse(JSON.parse(row.content));
    const pdf = await renderCertificatePdf(content, `${origin}/verify/${row.token}`);
    renderedPdfs.set(key, pdf);
    if (renderedPdfs.size > RENDERED_PDF_LIMIT) renderedPdfs.delete(renderedPdfs.keys().next().value!);
    return { number: row.number, pdf };
  }

  /** Public verification: genuine only when the stored content still hashes to what was issued. */
  async verify(by: { token: string } | { number: string; surname: string }): Promise<Verification> {
    let q = this.db.selectFrom('certificates').selectAll();
    q =
      'token' in by
        ? q.where('token', '=', by.token)
        : q.where('number', '=', by.number).where('holderSurname', '=', by.surname);
    const row = await q.executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '未找到该证明，请核对证明编号或扫描证明上的二维码');
    const content = certificateContentSchema.parse(JSON.parse(row.content));
    return {
      genuine: sha256(row.content) === row.contentHash && canonical(content) === row.content,
      number: row.number,
      holder: `${content.name.slice(0, 1)}${'*'.repeat(Math.max(1, content.name.length - 1))}`,
      totalHours: formatHours(content.totalMinutes),
      issuer: content.issuer,
      issuedOn: content.issuedOn,
    };
  }
}
