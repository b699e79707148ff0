import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard } from '../../../tests/support/registry';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDemo } from '../../server/demo';
import { seedPublicityDemo } from '../../server/demo/publicity';
import { testCrypto } from '../../../tests/support/app';
import { officePhone } from './publicity.portal';
import { syntheticJpeg } from '../../../tests/support/jpeg';

/** A real 1×1 PNG. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const pngSize = (b: Buffer) => {
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
};

const storyBody = (title: string) => ({
  title,
  summary: '老兵们坚持服务群众的故事',
  channel: 'wechat',
  body: [
    { type: 'heading', text: '退役不褪色' },
    { type: 'paragraph', spans: [{ text: '他们每周为老人送餐，' }, { text: '风雨无阻', bold: true }] },
  ],
});

describeEachDialect('publicity: stories, consent, posters and the portal', (db) => {
  let app: FastifyInstance;
  let world: World;
  let daming: Session;
  let guantao: Session;
  let township: Session;
  let city: Session;
  let teamId: string;
  let consenting: string;
  let refusing: string;

  const post = (s: Session, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: s.headers, payload });
  const get = (s: Session | null, url: string) => app.inject({ url, headers: s?.headers ?? {} });
  const upload = (s: Session, body: Buffer, type = 'image/png') =>
    app.inject({
      method: 'POST',
      url: '/api/publicity/media',
      headers: { ...s.headers, 'content-type': type },
      payload: body,
    });

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    [daming, guantao, township, city] = await Promise.all([
      login(app, 'daming'),
      login(app, 'guantao'),
      login(app, 'damingzhen'),
      login(app, 'city'),
    ]);
    teamId = (
      await post(daming, '/api/teams', {
        name: '大名县老兵宣讲队',
        category: 'station',
        regionCode: places.daming,
        leaderName: '赵队长',
      })
    ).json().id;
    await post(daming, `/api/teams/${teamId}/submit`);
    await post(daming, `/api/teams/${teamId}/approve`);
    const volunteer = async (name: string) =>
      (
        await post(daming, '/api/volunteers', {
          name,
          idCard: fakeIdCard('19580101'),
          residenceCode: world.villageCode,
          isVeteran: true,
          veteranKind: 'soldier',
          teamId,
        })
      ).json().id as string;
    consenting = await volunteer('王建军');
    refusing = await volunteer('李红旗');
  }, 60_000);
  afterAll(async () => app.close());

  it('moves a story from draft through review to published; only then is it public', async () => {
    const cover = await upload(township, PNG_1X1);
    expect(cover.statusCode).toBe(200);
    expect(cover.json()).toMatchObject({ mime: 'image/png', width: 1, height: 1 });
    const coverId = cover.json().id as string;

    const created = await post(township, '/api/publicity/stories', {
      ...storyBody('大名镇老兵送餐记'),
      coverMediaId: coverId,
    });
    expect(created.statusCode).toBe(200);
    const id = created.json().id as string;
    const draft = await post(township, '/api/publicity/stories', storyBody('仍在草稿的稿件'));
    const draftId = draft.json().id as string;

    // A township writes but does not publish; another county sees nothing of it.
    expect((await post(township, `/api/publicity/stories/${id}/review`)).json().error).toMatchObject({
      code: 'FORBIDDEN',
    });
    const foreign = await get(guantao, `/api/publicity/stories/${id}`);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await post(guantao, `/api/publicity/stories/${id}/review`)).json().error.code).toBe(
      'OUT_OF_SCOPE',
    );
    expect(
      (await get(guantao, '/api/publicity/stories')).json().items.map((s: { id: string }) => s.id),
    ).not.toContain(id);

    // Publishing skips no step.
    const early = await post(daming, `/api/publicity/stories/${id}/publish`);
    expect(early.statusCode).toBe(409);
    expect(await get(null, `/api/public/media/${coverId}`).then((r) => r.statusCode)).toBe(404);

    expect((await post(daming, `/api/publicity/stories/${id}/review`)).statusCode).toBe(200);
    expect((await post(daming, `/api/publicity/stories/${id}/publish`)).statusCode).toBe(200);

    const list = (await get(null, '/api/public/stories')).json().items as { id: string; title: string }[];
    expect(list.map((s) => s.id)).toContain(id);
    expect(list.map((s) => s.id)).not.toContain(draftId);
    const page = await get(null, `/api/public/stories/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      title: '大名镇老兵送餐记',
      regionName: '大名镇',
      coverUrl: `/api/public/media/${coverId}`,
    });
    expect(page.json().body[1].spans[1]).toEqual({ text: '风雨无阻', bold: true });
    expect(page.body).not.toContain('authorName');
    expect((await get(null, `/api/public/stories/${draftId}`)).statusCode).toBe(404);

    const image = await get(null, `/api/public/media/${coverId}`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(PNG_1X1)).toBe(true);

    // A published story is withdrawn before it changes, and then it is no longer public.
    const edit = await app.inject({
      method: 'PUT',
      url: `/api/publicity/stories/${id}`,
      headers: daming.headers,
      payload: {
        ...storyBody('改标题'),
        version: (await get(daming, `/api/publicity/stories/${id}`)).json().version,
      },
    });
    expect(edit.statusCode).toBe(409);
    expect((await post(daming, `/api/publicity/stories/${id}/unpublish`, {})).json().error.field).toBe(
      'reason',
    );
    expect(
      (await post(daming, `/api/publicity/stories/${id}/unpublish`, { reason: '内容需补充' })).statusCode,
    ).toBe(200);
    expect((await get(null, `/api/public/stories/${id}`)).statusCode).toBe(404);
    expect((await get(null, `/api/public/media/${coverId}`)).statusCode).toBe(404);

    const audit = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', id)
      .where('result', '=', 'success')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'publicity.story.create',
      'publicity.story.review',
      'publicity.story.publish',
      'publicity.story.unpublish',
    ]);
  });

  it('keeps raw markup out of a story body', async () => {
    const res = await post(daming, '/api/publicity/stories', {
      ...storyBody('带脚本的稿件'),
      body: [{ type: 'html', html: '<script>alert(1)</script>' }],
    });
    expect(res.statusCode).toBe(400);
  });

  it('stores an uploaded JPEG without its EXIF/GPS and IPTC metadata', async () => {
    const photo = syntheticJpeg({ width: 1024, height: 768, exif: true, iptc: true });
    const res = await upload(daming, photo, 'image/jpeg');
    expect(res.statusCode).toBe(200);
    const { id } = res.json<{ id: string }>();
    const served = await get(daming, `/api/publicity/media/${id}`);
    expect(served.statusCode).toBe(200);
    const bytes = served.rawPayload;
    expect(bytes.includes('GPSLatitude')).toBe(false);
    expect(bytes.includes('8BIM')).toBe(false);
    expect(bytes.length).toBeLessThan(photo.length);
    const row = await db()
      .db.selectFrom('publicityMedia')
      .select(['size', 'width', 'height'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect({ size: Number(row.size), width: row.width, height: row.height }).toEqual({
      size: bytes.length,
      width: 1024,
      height: 768,
    });
  });

  it('budgets the public brand pages per address, like the portal', async () => {
    const from = { remoteAddress: '203.0.113.77' };
    let last = 0;
    for (let i = 0; i < 241; i += 1) {
      const r = await app.inject({ url: '/api/public/brands/coverage', ...from });
      last = r.statusCode;
      if (i < 240) expect(last).toBe(200);
    }
    expect(last).toBe(429);
    const other = await app.inject({ url: '/api/public/brands', remoteAddress: '203.0.113.78' });
    expect(other.statusCode).toBe(200);
  });

  it('rejects a renamed non-image and an oversized file, storing nothing', async () => {
    const before = await db()
      .db.selectFrom('publicityMedia')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const renamed = await upload(
      daming,
      Buffer.from('%PDF-1.4 not really a picture at all, just text'),
      'image/png',
    );
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().error.code).toBe('FILE_REJECTED');
    const gif = await upload(
      daming,
      Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary'),
      'image/jpeg',
    );
    expect(gif.json().error.code).toBe('FILE_REJECTED');
    const big = await upload(daming, Buffer.concat([PNG_1X1, Buffer.alloc(6 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    const after = await db()
      .db.selectFrom('publicityMedia')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Volunteers and the system roles cannot upload at all.
    const auditor = await login(app, 'auditor');
    expect((await upload(auditor, PNG_1X1)).statusCode).toBe(403);
  });

  it('refuses posters and public stories about a volunteer without consent', async () => {
    const input = {
      subjectKind: 'volunteer',
      subjectId: refusing,
      template: 'red',
      size: 'portrait',
      quote: '',
    };
    const refused = await post(daming, '/api/publicity/posters', input);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('尚未同意宣传');
    const preview = await get(
      daming,
      `/api/publicity/posters/preview?subjectKind=volunteer&subjectId=${refusing}&template=red&size=square`,
    );
    expect(preview.statusCode).toBe(409);
    expect(
      await db().db.selectFrom('posters').selectAll().where('subjectId', '=', refusing).execute(),
    ).toEqual([]);

    const story = (
      await post(daming, '/api/publicity/stories', {
        ...storyBody('李红旗的故事'),
        subjectKind: 'volunteer',
        subjectId: refusing,
      })
    ).json().id;
    await post(daming, `/api/publicity/stories/${story}/review`);
    const publish = await post(daming, `/api/publicity/stories/${story}/publish`);
    expect(publish.statusCode).toBe(409);
    expect(publish.json().error.message).toContain('尚未同意宣传');

    // Consent is recorded by staff, with when and by whom, audited.
    const consent = await app.inject({
      method: 'PUT',
      url: `/api/publicity/volunteers/${refusing}/consent`,
      headers: daming.headers,
      payload: { consent: true },
    });
    expect(consent.statusCode).toBe(200);
    const row = await db()
      .db.selectFrom('volunteers')
      .select(['publicityConsent', 'publicityConsentAt', 'publicityConsentBy'])
      .where('id', '=', refusing)
      .executeTakeFirstOrThrow();
    expect(row.publicityConsent).toBe(1);
    expect(row.publicityConsentAt).toBeTruthy();
    expect(row.publicityConsentBy).toBe(world.ids.daming);
    expect((await post(daming, `/api/publicity/stories/${story}/publish`)).statusCode).toBe(200);
    expect((await get(null, `/api/public/stories/${story}`)).statusCode).toBe(200);

    // Withdrawing consent takes the story off the portal at once; another county cannot record it.
    const outside = await app.inject({
      method: 'PUT',
      url: `/api/publicity/volunteers/${refusing}/consent`,
      headers: guantao.headers,
      payload: { consent: false },
    });
    expect(outside.statusCode).toBe(403);
    await app.inject({
      method: 'PUT',
      url: `/api/publicity/volunteers/${refusing}/consent`,
      headers: daming.headers,
      payload: { consent: false },
    });
    expect((await get(null, `/api/public/stories/${story}`)).statusCode).toBe(404);
    const actions = await db()
      .db.selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', refusing)
      .where('action', 'like', 'publicity.consent.%')
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['publicity.consent.grant', 'publicity.consent.revoke']);
  });

  it('draws a poster of the template’s size for a consenting volunteer and a team, and publishes it', async () => {
    await app.inject({
      method: 'PUT',
      url: `/api/publicity/volunteers/${consenting}/consent`,
      headers: daming.headers,
      payload: { consent: true },
    });
    const created = await post(daming, '/api/publicity/posters', {
      subjectKind: 'volunteer',
      subjectId: consenting,
      template: 'red',
      size: 'portrait',
      quote: '退役不褪色',
    });
    expect(created.statusCode).toBe(200);
    const id = created.json().id as string;
    const png = await get(daming, `/api/publicity/posters/${id}/png`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toContain('attachment');
    const downloads = await db()
      .db.selectFrom('auditLog')
      .select(['targetId', 'username'])
      .where('action', '=', 'publicity.poster.download')
      .execute();
    expect(downloads).toContainEqual({ targetId: id, username: 'daming' });
    expect(pngSize(png.rawPayload)).toEqual({ width: 1080, height: 1920 });

    const square = await get(
      daming,
      `/api/publicity/posters/preview?subjectKind=team&subjectId=${teamId}&template=fresh&size=square`,
    );
    expect(square.statusCode).toBe(200);
    expect(pngSize(square.rawPayload)).toEqual({ width: 1080, height: 1080 });

    // Saved is not public; published is; another county cannot see or publish it.
    expect((await get(null, `/api/public/posters/${id}`)).statusCode).toBe(404);
    expect((await post(guantao, `/api/publicity/posters/${id}/publish`)).statusCode).toBe(403);
    expect((await post(township, `/api/publicity/posters/${id}/publish`)).json().error.code).toBe(
      'FORBIDDEN',
    );
    expect((await post(city, `/api/publicity/posters/${id}/publish`)).statusCode).toBe(200);
    const pub = await get(null, `/api/public/posters/${id}`);
    expect(pub.json()).toMatchObject({ subjectName: '王建军', width: 1080, height: 1920 });
    const image = await get(null, pub.json().imageUrl);
    expect(image.statusCode).toBe(200);
    expect(pngSize(image.rawPayload)).toEqual({ width: 1080, height: 1920 });
    expect((await get(null, '/api/public/posters')).json().items.map((p: { id: string }) => p.id)).toContain(
      id,
    );

    // Consent withdrawn: the poster leaves the portal.
    await app.inject({
      method: 'PUT',
      url: `/api/publicity/volunteers/${consenting}/consent`,
      headers: daming.headers,
      payload: { consent: false },
    });
    expect((await get(null, `/api/public/posters/${id}`)).statusCode).toBe(404);
    expect((await get(null, pub.json().imageUrl)).statusCode).toBe(404);
  });

  it('gives the portal aggregate numbers and office phones only', async () => {
    const summary = (await get(null, '/api/public/portal/summary')).json();
    const teams = await db().db.selectFrom('teams').select('id').where('status', '=', 'approved').execute();
    const volunteers = await db().db.selectFrom('volunteers').select('id').execute();
    expect(summary).toMatchObject({
      regionName: '邯郸市',
      teams: teams.length,
      volunteers: volunteers.length,
    });
    expect(summary.counties).toBeGreaterThanOrEqual(18);

    const station = (phone: string) =>
      app.inject({
        method: 'PUT',
        url: `/api/regions/${places.daming}/station`,
        headers: daming.headers,
        payload: {
          name: '大名县退役军人服务中心',
          address: '大名县人民路1号',
          contactName: '赵主任',
          contactPhone: phone,
        },
      });
    expect((await station('13812345678')).statusCode).toBe(200);
    let items = (await get(null, '/api/public/portal/stations')).json().items;
    let row = items.find((s: { countyCode: string }) => s.countyCode === places.daming);
    expect(row).toEqual({
      countyCode: places.daming,
      countyName: '大名县',
      name: '大名县退役军人服务中心',
      address: '大名县人民路1号',
      phone: null,
    });
    expect(JSON.stringify(items)).not.toContain('赵主任');
    await station('0310-6522123');
    items = (await get(null, '/api/public/portal/stations')).json().items;
    row = items.find((s: { countyCode: string }) => s.countyCode === places.daming);
    expect(row.phone).toBe('0310-6522123');
    expect(officePhone('+86 138 1234 5678')).toBeNull();
  });
});

describeEachDialect('publicity demo data', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await seedDemo(db(), testCrypto, mkdtempSync(path.join(tmpdir(), 'rongzhi-demo-')), () => {}, 'small');
    await seedPublicityDemo(db(), () => {});
    await seedPublicityDemo(db(), () => {});
    app = await createTestApp(db());
  }, 120_000);
  afterAll(async () => app?.close());

  it('publishes three stories, keeps one draft, and shows two posters of consenting subjects', async () => {
    const stories = await db().db.selectFrom('stories').select(['title', 'status']).execute();
    expect(stories).toHaveLength(4);
    expect(stories.filter((s) => s.status === 'draft')).toHaveLength(1);
    const list = (await app.inject({ url: '/api/public/stories' })).json().items as { title: string }[];
    expect(list.map((s) => s.title).sort()).toEqual(
      stories
        .filter((s) => s.status === 'published')
        .map((s) => s.title)
        .sort(),
    );
    const posters = (await app.inject({ url: '/api/public/posters' })).json().items as {
      imageUrl: string;
      width: number;
      height: number;
    }[];
    expect(posters).toHaveLength(2);
    for (const p of posters) {
      const image = await app.inject({ url: p.imageUrl });
      expect(pngSize(image.rawPayload)).toEqual({ width: p.width, height: p.height });
    }
  });
});
