import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/support/app';
import { login, places, seedWorld, type Session } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard } from '../../../tests/support/registry';
import { describeWhen } from '../../../tests/support/skip';

const hasPdftotext = existsSync('/usr/bin/pdftotext');

describeEachDialect('certificates', (db) => {
  let app: FastifyInstance;
  let county: Session;
  let volunteerId: string;
  let idCard: string;

  beforeAll(async () => {
    const world = await seedWorld(db());
    app = await createTestApp(db());
    county = await login(app, 'daming');
    const team = (
      await app.inject({
        method: 'POST',
        url: '/api/teams',
        headers: county.headers,
        payload: {
          name: '大名县老兵宣讲队',
          category: 'station',
          regionCode: places.daming,
          leaderName: '赵队长',
        },
      })
    ).json();
    idCard = fakeIdCard('19480315');
    const v = await app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: county.headers,
      payload: {
        name: '欧阳建国',
        idCard,
        residenceCode: world.villageCode,
        isVeteran: true,
        veteranKind: 'soldier',
        teamId: team.id,
      },
    });
    volunteerId = v.json().id;
    const now = new Date().toISOString();
    await db()
      .db.insertInto('serviceRecords')
      .values(
        [
          ['2026-03-05', '学雷锋纪念日义诊', '义诊与健康咨询', 180],
          ['2026-08-01', '八一慰问困难老兵', '慰问困难老兵', 240],
        ].map(([date, activity, content, minutes]) => ({
          id: randomUUID(),
          volunteerId,
          teamId: team.id,
          activityId: null,
          activityName: activity as string,
          serviceDate: date as string,
          place: '大名县',
          serviceObject: '群众',
          content: content as string,
          minutes: minutes as number,
          personInCharge: '赵队长',
          recorderId: 'test',
          recorderName: '测试',
          status: 'confirmed' as const,
          confirmedBy: 'test',
          confirmedAt: now,
          correctsId: null,
          correctionReason: null,
          createdAt: now,
        })),
      )
      .execute();
  });
  afterAll(async () => app.close());

  const issue = async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/volunteers/${volunteerId}/certificates`,
      headers: county.headers,
    });
    expect(res.statusCode).toBe(200);
    return res.json() as { id: string; number: string; totalMinutes: number; verifyPath: string };
  };

  it('issues a certificate from confirmed records and verifies it publicly without personal data', async () => {
    const cert = await issue();
    expect(cert.totalMinutes).toBe(420);
    expect(cert.number).toMatch(/^RZZM\d{10}[0-9A-F]{2}$/);
    const token = cert.verifyPath.split('/').pop()!;
    const byToken = await app.inject({ url: `/api/public/verify/${token}` });
    expect(byToken.json()).toEqual({
      genuine: true,
      number: cert.number,
      holder: '欧***',
      totalHours: 7,
      issuer: '大名县老兵宣讲队',
      issuedOn: expect.any(String),
    });
    expect(byToken.body).not.toContain(idCard.slice(6, 14));
    const byNumber = await app.inject({
      url: `/api/public/verify?number=${cert.number}&surname=${encodeURIComponent('欧')}`,
    });
    expect(byNumber.json().genuine).toBe(true);
    const wrongSurname = await app.inject({
      url: `/api/public/verify?number=${cert.number}&surname=${encodeURIComponent('王')}`,
    });
    expect(wrongSurname.statusCode).toBe(404);
    const audit = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'certificate.issue')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('reports altered content as not genuine and a guessed token as not found', async () => {
    const cert = await issue();
    const row = await db()
      .db.selectFrom('certificates')
      .selectAll()
      .where('id', '=', cert.id)
      .executeTakeFirstOrThrow();
    await db()
      .db.updateTable('certificates')
      .set({ content: row.content.replace('"totalMinutes":420', '"totalMinutes":4200') })
      .where('id', '=', cert.id)
      .execute();
    const altered = await app.inject({ url: `/api/public/verify/${row.token}` });
    expect(altered.json()).toMatchObject({ genuine: false, totalHours: 70 });
    const guessed = await app.inject({ url: `/api/public/verify/${'A'.repeat(43)}` });
    expect(guessed.statusCode).toBe(404);
    expect(guessed.json().error.code).toBe('NOT_FOUND');
  });

  it('rate-limits lookups so certificates cannot be enumerated', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await app.inject({
        url: `/api/public/verify/${randomUUID().replace(/-/g, '')}`,
        remoteAddress: '10.9.9.9',
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 9).every((c) => c === 404)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  it('refuses other counties and volunteers without confirmed records', async () => {
    const guantao = await login(app, 'guantao');
    const res = await app.inject({
      method: 'POST',
      url: `/api/volunteers/${volunteerId}/certificates`,
      headers: guantao.headers,
    });
    expect(res.statusCode).toBe(403);
  });

  describeWhen(hasPdftotext, 'pdftotext (poppler-utils)')('the PDF', () => {
    it('is a real PDF whose text reads back: name, masked number, hours, certificate number, issuer', async () => {
      const cert = await issue();
      const res = await app.inject({ url: `/api/certificates/${cert.id}/pdf`, headers: county.headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const downloads = await db()
        .db.selectFrom('auditLog')
        .select(['targetId', 'username'])
        .where('action', '=', 'certificate.download')
        .execute();
      expect(downloads).toContainEqual({ targetId: cert.id, username: 'daming' });
      const dir = mkdtempSync(path.join(tmpdir(), 'rongzhi-cert-'));
      const file = path.join(dir, 'cert.pdf');
      writeFileSync(file, res.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      for (const expected of [
        '志愿服务记录证明',
        '欧阳建国',
        '居民身份证',
        `${idCard.slice(0, 6)}********${idCard.slice(-4)}`,
        '7 小时',
        cert.number,
        '大名县老兵宣讲队',
        '学雷锋纪念日义诊',
        '盖章处',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).not.toContain(idCard);
    });
  });
});
