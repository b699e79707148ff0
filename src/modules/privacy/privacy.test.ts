import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard, fakePhone } from '../../../tests/support/registry';
import { statisticsFixtures } from '../../../tests/support/statistics.fixtures';
import { maskPhone } from '../../server/security/mask';
import { erasedNameOf } from './privacy.schemas';

const PASSWORD = 'Laobing-2026';

describeEachDialect('privacy: the volunteer’s rights to their personal information', (db) => {
  let app: FastifyInstance;
  let world: World;
  let daming: Session;
  let guantao: Session;
  let township: Session;
  let sysadmin: Session;
  let teamId: string;
  let guantaoTeam: string;

  const post = (s: Session | null, url: string, payload: unknown = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: s ? s.headers : { 'x-requested-with': 'rongzhi' },
      payload: payload as object,
    });
  const get = (s: Session, url: string) => app.inject({ method: 'GET', url, headers: s.headers });
  const put = (s: Session, url: string, payload: unknown) =>
    app.inject({ method: 'PUT', url, headers: s.headers, payload: payload as object });

  /** A registered volunteer in 大名县 with an activated login; returns their id, phone, ID number and session. */
  async function volunteerWithLogin(name: string, team = teamId) {
    const phone = fakePhone();
    const idCard = fakeIdCard('19520601');
    const res = await post(daming, '/api/volunteers', {
      name,
      idCard,
      phone,
      residenceCode: world.villageCode,
      isVeteran: true,
      veteranKind: 'soldier',
      branch: '陆军',
      serviceYears: 5,
      partyMember: true,
      skills: '理论宣讲',
      teamId: team,
    });
    expect(res.statusCode).toBe(200);
    const id = res.json().id as string;
    const slip = (await post(daming, `/api/volunteers/${id}/activation`)).json();
    const activated = await post(null, '/api/auth/activate', {
      phone,
      code: slip.code,
      newPassword: PASSWORD,
    });
    expect(activated.statusCode).toBe(200);
    return { id, phone, idCard, session: await login(app, phone, PASSWORD) };
  }

  const audits = async (action: string, targetId: string) =>
    db()
      .db.selectFrom('auditLog')
      .selectAll()
      .where('action', '=', action)
      .where('targetId', '=', targetId)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    [daming, guantao, township, sysadmin] = await Promise.all([
      login(app, 'daming'),
      login(app, 'guantao'),
      login(app, 'damingzhen'),
      login(app, 'sysadmin'),
    ]);
    const fx = statisticsFixtures(db().db, testCrypto);
    teamId = await fx.team(places.daming, '大名县老兵志愿服务队');
    guantaoTeam = await fx.team(places.guantao, '馆陶县小桔灯志愿服务队');
  }, 60_000);
  afterAll(async () => app.close());

  it('documents every privacy route in the OpenAPI description, with its answer', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    for (const [path, method] of [
      ['/api/me/privacy', 'get'],
      ['/api/me/privacy/corrections', 'post'],
      ['/api/me/privacy/consent/withdraw', 'post'],
      ['/api/me/privacy/erasure', 'post'],
      ['/api/privacy/requests', 'get'],
      ['/api/privacy/requests/{id}/accept', 'post'],
      ['/api/privacy/requests/{id}/reject', 'post'],
      ['/api/privacy/requests/{id}/erase', 'post'],
    ] as const)
      expect(doc.paths[path]?.[method]?.responses?.['200'], `${method} ${path}`).toBeTruthy();
    expect(doc.paths['/api/me/privacy/export']?.get).toBeTruthy();
  });

  it('shows the volunteer their own details in full (ID masked on screen) and refuses staff', async () => {
    const v = await volunteerWithLogin('张卫国');
    const mine = await get(v.session, '/api/me/privacy');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().profile).toMatchObject({
      name: '张卫国',
      phone: v.phone,
      idCard: `${v.idCard.slice(0, 6)}********${v.idCard.slice(-4)}`,
      branch: '陆军',
      skills: '理论宣讲',
    });
    expect(mine.body).not.toContain(v.idCard);
    expect((await get(daming, '/api/me/privacy')).statusCode).toBe(403);
    expect((await get(daming, '/api/me/privacy/export')).statusCode).toBe(403);
  });

  it('downloads everything held about the person as JSON and .xlsx: no-store, attachment, formula-safe, audited', async () => {
    const v = await volunteerWithLogin('王建军');
    const fx = statisticsFixtures(db().db, testCrypto);
    await fx.record(v.id, teamId, '2026-03-05', 150);
    await db()
      .db.updateTable('volunteers')
      .set({ skills: '=HYPERLINK("http://x","点我")' })
      .where('id', '=', v.id)
      .execute();
    // A staff member looks at the full phone number: the person sees who did.
    expect((await post(daming, `/api/volunteers/${v.id}/reveal`, { field: 'phone' })).statusCode).toBe(200);

    const json = await get(v.session, '/api/me/privacy/export?format=json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['cache-control']).toBe('no-store');
    expect(json.headers['content-disposition']).toMatch(/^attachment; /);
    const data = JSON.parse(json.body);
    expect(data.profile).toMatchObject({ 姓名: '王建军', 身份证号: v.idCard, 手机号: v.phone });
    expect(data.memberships).toEqual([
      expect.objectContaining({ 队伍: '大名县老兵志愿服务队', 职务: '队员' }),
    ]);
    expect(data.serviceRecords).toEqual([
      expect.objectContaining({ 服务日期: '2026-03-05', '时长（小时）': 2.5 }),
    ]);
    expect(data.accessLog).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          操作人: '测试daming',
          操作: '查看完整身份证号或手机号',
          说明: '查看完整手机号',
        }),
      ]),
    );

    const xlsx = await get(v.session, '/api/me/privacy/export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['cache-control']).toBe('no-store');
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment; .*\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '个人资料',
      '所在队伍',
      '活动报名',
      '签到签退',
      '服务记录',
      '星级',
      '服务证明',
      '荣誉',
      '宣传',
      '我的申请',
      '查阅与变更记录',
    ]);
    const profile = book.getWorksheet('个人资料')!;
    expect(profile.getRow(1).values).toEqual([undefined, '项目', '内容']);
    const cells = new Map<string, unknown>();
    profile.eachRow((row) => cells.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(cells.get('身份证号')).toBe(v.idCard);
    expect(cells.get('特长技能')).toBe(`'=HYPERLINK("http://x","点我")`);
    expect(book.getWorksheet('服务记录')!.getRow(1).getCell(1).value).toBe('服务日期');

    const rows = await audits('privacy.export', v.id);
    expect(rows.map((r) => JSON.parse(r.detail!).format)).toEqual(['json', 'xlsx']);
  });

  it('takes a correction request, shows it only to staff whose scope covers the person, and applies it through the registry rules', async () => {
    const v = await volunteerWithLogin('李红旗');
    const other = await volunteerWithLogin('赵建华');
    // Validation: a phone of someone else, a correction that changes nothing.
    const taken = await post(v.session, '/api/me/privacy/corrections', {
      changes: { phone: other.phone },
      reason: '换了新手机号',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'PHONE_TAKEN', field: 'phone' });
    const same = await post(v.session, '/api/me/privacy/corrections', {
      changes: { name: '李红旗' },
      reason: '核对',
    });
    expect(same.statusCode).toBe(400);
    const noReason = await post(v.session, '/api/me/privacy/corrections', {
      changes: { name: '李宏旗' },
      reason: '',
    });
    expect(noReason.json().error.field).toBe('reason');

    const newPhone = fakePhone();
    const asked = await post(v.session, '/api/me/privacy/corrections', {
      changes: { name: '李宏旗', phone: newPhone, skills: '应急救援' },
      reason: '登记时姓名写错一个字，手机号已更换',
    });
    expect(asked.statusCode).toBe(200);
    const requestId = asked.json().id as string;
    expect(
      (
        await post(v.session, '/api/me/privacy/corrections', {
          changes: { skills: '宣讲' },
          reason: '再改一次',
        })
      ).statusCode,
    ).toBe(409);
    // Stored encrypted: the new number is not in the row.
    const stored = await db()
      .db.selectFrom('privacyRequests')
      .selectAll()
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(stored.changesEnc).not.toContain(newPhone);
    expect(stored.fields).toBe('name,phone,skills');
    // Staff over the person are told.
    const told = await db()
      .db.selectFrom('notifications')
      .select('accountId')
      .where('template', '=', 'privacy_request')
      .where('accountId', '=', world.ids.daming!)
      .execute();
    expect(told.length).toBeGreaterThan(0);

    // Another county neither sees nor acts; the system roles see nothing.
    const foreign = (await get(guantao, '/api/privacy/requests')).json().items as { id: string }[];
    expect(foreign.map((r) => r.id)).not.toContain(requestId);
    const foreignAccept = await post(guantao, `/api/privacy/requests/${requestId}/accept`, {});
    expect(foreignAccept.statusCode).toBe(403);
    expect(foreignAccept.json().error.code).toBe('OUT_OF_SCOPE');
    expect(
      (await post(guantao, `/api/privacy/requests/${requestId}/reject`, { reason: '不予办理' })).statusCode,
    ).toBe(403);
    expect((await get(sysadmin, '/api/privacy/requests')).statusCode).toBe(403);

    const list = (await get(township, '/api/privacy/requests')).json().items as {
      id: string;
      changes: { field: string; from: string; to: string }[];
      mayDecide: boolean;
    }[];
    const mine = list.find((r) => r.id === requestId)!;
    expect(mine.mayDecide).toBe(true);
    expect(mine.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', label: '姓名', from: '李红旗', to: '李宏旗' },
        { field: 'phone', label: '手机号', from: maskPhone(v.phone), to: maskPhone(newPhone) },
      ]),
    );
    expect(JSON.stringify(list)).not.toContain(newPhone);

    const accepted = await post(township, `/api/privacy/requests/${requestId}/accept`, {
      note: '已核对户口本',
    });
    expect(accepted.statusCode).toBe(200);
    const row = await db()
      .db.selectFrom('volunteers')
      .selectAll()
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '李宏旗', skills: '应急救援', phoneHash: testCrypto.hash(newPhone) });
    expect(testCrypto.decrypt(row.phoneEnc!)).toBe(newPhone);
    // The login follows: the new number signs in, the old one no longer does.
    expect((await login(app, newPhone, PASSWORD)).cookie).toBeTruthy();
    await expect(login(app, v.phone, PASSWORD)).rejects.toThrow();
    expect((await post(township, `/api/privacy/requests/${requestId}/accept`, {})).statusCode).toBe(409);
    const seen = (await get(v.session, '/api/me/privacy')).json();
    expect(seen.requests[0]).toMatchObject({
      id: requestId,
      status: 'accepted',
      decisionNote: '已核对户口本',
    });
    expect(await audits('privacy.correction.request', v.id)).toHaveLength(1);
    const acceptAudit = await audits('privacy.correction.accept', v.id);
    expect(acceptAudit).toHaveLength(1);
    expect(acceptAudit[0]!.detail).not.toContain(newPhone);

    // A rejection carries its reason back to the volunteer.
    const second = await post(v.session, '/api/me/privacy/corrections', {
      changes: { serviceYears: 8 },
      reason: '服役年限登记少了',
    });
    const noWhy = await post(township, `/api/privacy/requests/${second.json().id}/reject`, {});
    expect(noWhy.statusCode).toBe(400);
    expect(
      (
        await post(township, `/api/privacy/requests/${second.json().id}/reject`, {
          reason: '请携带退伍证到服务站核实',
        })
      ).statusCode,
    ).toBe(200);
    const after = (await get(v.session, '/api/me/privacy')).json();
    expect(after.requests[0]).toMatchObject({ status: 'rejected', decisionNote: '请携带退伍证到服务站核实' });
    expect(
      (
        await db()
          .db.selectFrom('volunteers')
          .select('serviceYears')
          .where('id', '=', v.id)
          .executeTakeFirstOrThrow()
      ).serviceYears,
    ).toBe(5);
    expect(await audits('privacy.correction.reject', v.id)).toHaveLength(1);
    // A correction that touches nothing the login carries (only a skill) is applied too.
    const third = await post(v.session, '/api/me/privacy/corrections', {
      changes: { skills: '文艺汇演' },
      reason: '新增特长',
    });
    expect((await post(township, `/api/privacy/requests/${third.json().id}/accept`, {})).statusCode).toBe(
      200,
    );
    expect(
      (
        await db()
          .db.selectFrom('volunteers')
          .select('skills')
          .where('id', '=', v.id)
          .executeTakeFirstOrThrow()
      ).skills,
    ).toBe('文艺汇演');
  });

  /** A published story and a published poster about the person, written straight into the tables. */
  async function publicityAbout(volunteerId: string, name: string) {
    expect(
      (await put(daming, `/api/publicity/volunteers/${volunteerId}/consent`, { consent: true })).statusCode,
    ).toBe(200);
    const now = new Date().toISOString();
    const storyId = randomUUID();
    await db()
      .db.insertInto('stories')
      .values({
        id: storyId,
        title: `${name}：老兵本色永不褪色`,
        body: JSON.stringify([{ type: 'paragraph', spans: [{ text: '事迹' }] }]),
        coverMediaId: null,
        subjectKind: 'volunteer',
        subjectId: volunteerId,
        subjectName: name,
        channel: 'wechat',
        status: 'published',
        regionCode: places.daming,
        createdBy: world.ids.damingzhen!,
        authorName: '测试damingzhen',
        createdAt: now,
        updatedAt: now,
        reviewedBy: null,
        reviewedAt: null,
        publishedBy: world.ids.daming!,
        publishedAt: now,
        returnReason: null,
      })
      .execute();
    const mediaId = randomUUID();
    await db()
      .db.insertInto('publicityMedia')
      .values({
        id: mediaId,
        mime: 'image/png',
        size: 3,
        width: 1,
        height: 1,
        data: Buffer.from([1, 2, 3]),
        regionCode: places.daming,
        createdBy: world.ids.daming!,
        createdAt: now,
      })
      .execute();
    const posterId = randomUUID();
    await db()
      .db.insertInto('posters')
      .values({
        id: posterId,
        subjectKind: 'volunteer',
        subjectId: volunteerId,
        subjectName: name,
        template: 'red',
        size: 'portrait',
        photoMediaId: null,
        imageMediaId: mediaId,
        status: 'published',
        regionCode: places.daming,
        createdBy: world.ids.daming!,
        createdAt: now,
        publishedBy: world.ids.daming!,
        publishedAt: now,
      })
      .execute();
    return { storyId, posterId, mediaId };
  }

  const publicStoryIds = async () =>
    ((await app.inject({ url: '/api/public/stories?limit=50' })).json().items as { id: string }[]).map(
      (s) => s.id,
    );

  it('lets the volunteer withdraw publicity consent: off the portal at once, staff told, audited', async () => {
    const v = await volunteerWithLogin('孙志刚');
    const { storyId, posterId } = await publicityAbout(v.id, '孙志刚');
    expect(await publicStoryIds()).toContain(storyId);
    const mine = (await get(v.session, '/api/me/privacy')).json();
    expect(mine.consent.given).toBe(true);
    expect(mine.featured).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'story', id: storyId, public: true }),
        expect.objectContaining({ kind: 'poster', id: posterId, public: true }),
      ]),
    );

    const withdrawn = await post(v.session, '/api/me/privacy/consent/withdraw');
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ consent: false, storiesHidden: 1, postersWithdrawn: 1 });
    expect(await publicStoryIds()).not.toContain(storyId);
    expect((await app.inject({ url: `/api/public/stories/${storyId}` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/public/posters/${posterId}` })).statusCode).toBe(404);
    const row = await db()
      .db.selectFrom('volunteers')
      .selectAll()
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(row.publicityConsent).toBe(0);
    expect(row.publicityConsentBy).toBe(
      v.session &&
        (
          await db()
            .db.selectFrom('accounts')
            .select('id')
            .where('volunteerId', '=', v.id)
            .executeTakeFirstOrThrow()
        ).id,
    );
    const told = await db()
      .db.selectFrom('notifications')
      .select('accountId')
      .where('template', '=', 'privacy_consent')
      .execute();
    expect(told.map((t) => t.accountId)).toEqual(
      expect.arrayContaining([world.ids.daming, world.ids.city, world.ids.damingzhen]),
    );
    expect(told.map((t) => t.accountId)).not.toContain(world.ids.guantao);
    expect(await audits('privacy.consent.withdraw', v.id)).toHaveLength(1);
    expect((await post(v.session, '/api/me/privacy/consent/withdraw')).statusCode).toBe(409);
  });

  it('anonymises on a confirmed deletion request: login ended, personal data gone, hours and totals unchanged, others untouched', async () => {
    const v = await volunteerWithLogin('周国强');
    const other = await volunteerWithLogin('吴玉芬');
    const fx = statisticsFixtures(db().db, testCrypto);
    const recordIds: string[] = [
      await fx.record(v.id, teamId, '2026-04-01', 240),
      await fx.record(v.id, teamId, '2026-05-01', 90),
    ];
    const otherRecord = await fx.record(other.id, teamId, '2026-04-01', 60);
    // A member of a team in another county too: hours counted there.
    await fx.record(v.id, guantaoTeam, '2026-04-02', 30);
    const certificate = (await post(daming, `/api/volunteers/${v.id}/certificates`)).json();
    expect(certificate.verifyPath).toMatch(/^\/verify\//);
    const { storyId, posterId, mediaId } = await publicityAbout(v.id, '周国强');
    // They lead the team and answer its phone.
    await db()
      .db.updateTable('teams')
      .set({ leaderName: '周国强', contactPhoneEnc: testCrypto.encrypt(v.phone) })
      .where('id', '=', teamId)
      .execute();
    // A place held in an activity not yet begun, with the other person waiting behind.
    const upcoming = await fx.activity(teamId, places.daming, '2099-05-01T01:00:00.000Z', 'published');
    await db().db.updateTable('activities').set({ capacity: 1 }).where('id', '=', upcoming).execute();
    for (const [seq, who, status] of [
      [1, v.id, 'accepted'],
      [2, other.id, 'waitlisted'],
    ] as const)
      await db()
        .db.insertInto('signups')
        .values({
          id: randomUUID(),
          activityId: upcoming,
          volunteerId: who,
          teamId: null,
          status,
          seq,
          signedUpBy: v.id,
          signedUpAt: new Date().toISOString(),
          promotedAt: null,
          cancelledAt: null,
        })
        .execute();

    const snapshot = async () => {
      const d = db().db;
      const [teamMonth, areaMonth, volunteerArea, volunteerProfile, records, otherRow] = await Promise.all([
        d.selectFrom('statTeamMonth').selectAll().orderBy(['teamId', 'month']).execute(),
        d.selectFrom('statAreaMonth').selectAll().orderBy(['len', 'area', 'month']).execute(),
        d.selectFrom('statVolunteerArea').selectAll().orderBy(['len', 'area']).execute(),
        d
          .selectFrom('statVolunteerProfile')
          .selectAll()
          .orderBy(['len', 'area', 'starLevel', 'birthYear'])
          .execute(),
        d.selectFrom('serviceRecords').selectAll().orderBy('id').execute(),
        d.selectFrom('volunteers').selectAll().where('id', '=', other.id).executeTakeFirstOrThrow(),
      ]);
      const norm = (rows: object[]) =>
        JSON.parse(
          JSON.stringify(rows, (_k, val) =>
            typeof val === 'string' && /^\d+$/.test(val) ? Number(val) : val,
          ),
        );
      return {
        teamMonth: norm(teamMonth),
        areaMonth: norm(areaMonth),
        volunteerArea: norm(volunteerArea),
        volunteerProfile: norm(volunteerProfile),
        records,
        otherRow,
      };
    };
    const before = await snapshot();
    const damingHours = async () =>
      (
        await db()
          .db.selectFrom('statAreaMonth')
          .select((eb) => eb.fn.sum<number>('minutes').as('m'))
          .where('len', '=', 6)
          .where('area', '=', '130425')
          .executeTakeFirstOrThrow()
      ).m;
    const damingBefore = Number(await damingHours());
    expect(damingBefore).toBeGreaterThanOrEqual(330);

    // The volunteer must type the phrase.
    const careless = await post(v.session, '/api/me/privacy/erasure', {
      reason: '不再参加志愿服务',
      confirm: '注销',
    });
    expect(careless.statusCode).toBe(400);
    expect(careless.json().error.field).toBe('confirm');
    const asked = await post(v.session, '/api/me/privacy/erasure', {
      reason: '不再参加志愿服务',
      confirm: '确认注销',
    });
    expect(asked.statusCode).toBe(200);
    const requestId = asked.json().id as string;
    expect(
      (await post(v.session, '/api/me/privacy/erasure', { reason: '再次申请', confirm: '确认注销' }))
        .statusCode,
    ).toBe(409);

    // Only a bureau whose scope covers the person confirms, by typing the name.
    const list = (await get(township, '/api/privacy/requests')).json().items as {
      id: string;
      mayDecide: boolean;
    }[];
    expect(list.find((r) => r.id === requestId)?.mayDecide).toBe(false);
    expect(
      (await post(township, `/api/privacy/requests/${requestId}/erase`, { confirmName: '周国强' })).json()
        .error.code,
    ).toBe('FORBIDDEN');
    expect(
      (await post(guantao, `/api/privacy/requests/${requestId}/erase`, { confirmName: '周国强' })).json()
        .error.code,
    ).toBe('OUT_OF_SCOPE');
    expect(
      (await get(guantao, '/api/privacy/requests')).json().items.map((r: { id: string }) => r.id),
    ).not.toContain(requestId);
    const typo = await post(daming, `/api/privacy/requests/${requestId}/erase`, { confirmName: '周国' });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.field).toBe('confirmName');
    expect(
      (await db().db.selectFrom('volunteers').select('name').where('id', '=', v.id).executeTakeFirstOrThrow())
        .name,
    ).toBe('周国强');

    const done = await post(daming, `/api/privacy/requests/${requestId}/erase`, { confirmName: '周国强' });
    expect(done.statusCode).toBe(200);
    const placeholder = erasedNameOf(v.id);
    expect(done.json()).toMatchObject({ status: 'accepted', name: placeholder });

    // The person: neutral name, no ID number, no phone, no lookup hashes.
    const row = await db()
      .db.selectFrom('volunteers')
      .selectAll()
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe(placeholder);
    expect(placeholder).toMatch(/^已注销志愿者[0-9A-F]{6}$/);
    expect(row.phoneEnc).toBeNull();
    expect(row.phoneHash).toBeNull();
    expect(row.idCardHash).not.toBe(testCrypto.hash(v.idCard));
    expect(testCrypto.decrypt(row.idCardEnc)).not.toContain(v.idCard.slice(6, 14));
    expect(row).toMatchObject({
      branch: null,
      serviceYears: null,
      skills: '',
      publicityConsent: 0,
      birthDate: '1952-01-01',
    });
    expect(JSON.stringify(row)).not.toContain('周国强');
    // Login disabled, sessions ended, the old phone signs in no more.
    expect((await get(v.session, '/api/me/privacy')).statusCode).toBe(401);
    await expect(login(app, v.phone, PASSWORD)).rejects.toThrow();
    const account = await db()
      .db.selectFrom('accounts')
      .selectAll()
      .where('volunteerId', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ status: 'disabled', displayName: placeholder, phoneEnc: null });
    expect(
      await db().db.selectFrom('sessions').select('idHash').where('accountId', '=', account.id).execute(),
    ).toEqual([]);

    // The team names them no more.
    const team = await db()
      .db.selectFrom('teams')
      .select(['leaderName', 'contactPhoneEnc'])
      .where('id', '=', teamId)
      .executeTakeFirstOrThrow();
    expect(team).toEqual({ leaderName: placeholder, contactPhoneEnc: null });
    // The held place went to the one waiting.
    const heldPlaces = await db()
      .db.selectFrom('signups')
      .select(['volunteerId', 'status'])
      .where('activityId', '=', upcoming)
      .orderBy('seq')
      .execute();
    expect(heldPlaces).toEqual([
      { volunteerId: v.id, status: 'cancelled' },
      { volunteerId: other.id, status: 'accepted' },
    ]);

    // Publicity: off the portal, name out of the story, poster and its picture deleted; consent cannot return.
    expect(await publicStoryIds()).not.toContain(storyId);
    expect(
      (
        await db()
          .db.selectFrom('stories')
          .select('subjectName')
          .where('id', '=', storyId)
          .executeTakeFirstOrThrow()
      ).subjectName,
    ).toBe(placeholder);
    expect(await db().db.selectFrom('posters').select('id').where('id', '=', posterId).execute()).toEqual([]);
    expect(
      await db().db.selectFrom('publicityMedia').select('id').where('id', '=', mediaId).execute(),
    ).toEqual([]);
    expect(
      (await put(daming, `/api/publicity/volunteers/${v.id}/consent`, { consent: true })).statusCode,
    ).toBe(409);

    // The certificate still verifies, naming nobody.
    const token = certificate.verifyPath.split('/').pop();
    const verified = (await app.inject({ url: `/api/public/verify/${token}` })).json();
    expect(verified).toMatchObject({ genuine: true, totalHours: 6 });
    expect(verified.holder.startsWith('已')).toBe(true);
    expect(verified.holder).not.toContain('周');
    const cert = await db()
      .db.selectFrom('certificates')
      .select('content')
      .where('volunteerId', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(cert.content).toContain(placeholder);
    expect(cert.content).not.toContain('周国强');

    // Hours and every total unchanged; the records and the other person untouched.
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(Number(await damingHours())).toBe(damingBefore);
    expect(after.records.filter((r) => recordIds.includes(r.id)).every((r) => r.volunteerId === v.id)).toBe(
      true,
    );
    expect(after.records.find((r) => r.id === otherRecord)).toEqual(
      before.records.find((r) => r.id === otherRecord),
    );
    expect(
      (
        await db()
          .db.selectFrom('volunteers')
          .select('confirmedMinutes')
          .where('id', '=', v.id)
          .executeTakeFirstOrThrow()
      ).confirmedMinutes,
    ).toBe(row.confirmedMinutes);
    expect((await get(other.session, '/api/me/privacy')).json().profile.name).toBe('吴玉芬');

    // The same ID number can be registered again as a new person: nothing finds the old one.
    expect(
      (
        await post(daming, '/api/volunteers', {
          name: '周国强',
          idCard: v.idCard,
          residenceCode: world.villageCode,
          isVeteran: true,
        })
      ).statusCode,
    ).toBe(200);

    const audit = await audits('privacy.erasure.complete', v.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).not.toContain('周国强');
    expect(
      (await post(daming, `/api/privacy/requests/${requestId}/erase`, { confirmName: placeholder }))
        .statusCode,
    ).toBe(409);
  });

  it('lets a bureau decline a deletion with a reason; the person keeps everything', async () => {
    const v = await volunteerWithLogin('郑光明');
    const asked = await post(v.session, '/api/me/privacy/erasure', { reason: '搬家', confirm: '确认注销' });
    const id = asked.json().id as string;
    expect(
      (await post(township, `/api/privacy/requests/${id}/reject`, { reason: '不予办理' })).statusCode,
    ).toBe(403);
    expect(
      (await post(daming, `/api/privacy/requests/${id}/reject`, { reason: '本人电话确认暂不注销' }))
        .statusCode,
    ).toBe(200);
    const mine = (await get(v.session, '/api/me/privacy')).json();
    expect(mine.profile.name).toBe('郑光明');
    expect(mine.requests[0]).toMatchObject({
      kind: 'erasure',
      status: 'rejected',
      decisionNote: '本人电话确认暂不注销',
    });
    expect(await audits('privacy.erasure.reject', v.id)).toHaveLength(1);
  });
});
