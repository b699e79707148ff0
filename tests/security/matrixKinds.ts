import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types';
import { factsOf } from '../../src/modules/honours/dossier';
import { testCrypto } from '../support/app';
import type { statisticsFixtures } from '../support/statistics.fixtures';
import { CALLERS, SYSTEM_CALLERS, type Caller, type MatrixWorld, type Target } from './matrixWorld';

/**
 * The kinds of row the matrix holds besides the registry ones, each placed like them (own region,
 * child, sibling, parent, another county; own team and another; own organisation and another) and
 * each saying, by hand, who may see it and who may change it.
 */
export type OtherResource =
  | 'joinRequest'
  | 'recordRequest'
  | 'certificate'
  | 'localKeyDate'
  | 'activityTemplate'
  | 'planItem'
  | 'brand'
  | 'brandHighlight'
  | 'case'
  | 'nomination'
  | 'objection'
  | 'nominationAttachment'
  | 'leadershipMember'
  | 'workMeeting'
  | 'workTask'
  | 'media'
  | 'story'
  | 'poster'
  | 'callOut'
  | 'privacyRequest';

type Add = (t: Omit<Target, 'marker'> & { marker?: string }) => string;

export interface KindsContext {
  db: Kysely<DB>;
  fx: ReturnType<typeof statisticsFixtures>;
  regions: MatrixWorld['regions'];
  now: string;
  fieldId: string;
  targets: Target[];
  add: Add;
  accounts: Record<Caller | 'siblingTownship' | 'otherCounty', string>;
  teams: { own: string; siblingTownship: string; otherCounty: string; org: string };
  groups: { county: string; otherCounty: string };
}

const seen = (...callers: Caller[]) => new Set<Caller>(callers);
const REGION_STAFF: Caller[] = ['city', 'county', 'township', 'village'];
/** Roles that write stories and posters (and so may open an image that is public). */
const WRITERS: Caller[] = [...REGION_STAFF, 'leader', 'org'];
const EVERYONE = () => new Set<Caller>(CALLERS);
/** Every business account but a volunteer: what a published 典型案例 is for (not the 三员). */
const BUSINESS_STAFF: Caller[] = [...REGION_STAFF, 'leader', 'org'];

/** A 1×1 PNG: the image routes hand back what was stored. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n%矩阵\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export async function seedOtherKinds(c: KindsContext): Promise<void> {
  const { db, fx, regions, now, add, accounts, teams } = c;
  const target = (key: string) => c.targets.find((t) => t.key === key)!;
  const today = now.slice(0, 10);
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

  // 入队申请 (from another team's side): decided by who holds the person's record.
  const joinRequest = async (
    key: string,
    place: string,
    volunteerKey: string,
    teamId: string,
    by: string,
  ) => {
    const id = randomUUID();
    await db
      .insertInto('joinRequests')
      .values({
        id,
        volunteerId: target(`volunteer.${volunteerKey}`).id,
        teamId,
        role: 'member',
        status: 'pending',
        requestedBy: by,
        requestedAt: now,
        decidedBy: null,
        decidedAt: null,
        reason: null,
      })
      .execute();
    const registry = [...target(`volunteer.${volunteerKey}`).seenBy].filter((k) => k !== 'volunteer');
    add({ key: `joinRequest.${key}`, resource: 'joinRequest', id, place, seenBy: seen(...registry) });
  };
  await joinRequest('village', '本村他队队员、申请入本队', 'otherTeam', teams.own, accounts.leader);
  await joinRequest(
    'otherCounty',
    '另一县志愿者、申请入同县邻乡队',
    'otherCounty',
    teams.siblingTownship,
    accounts.county,
  );

  // 服务记录更正申请 and 服务记录证明, seen with the person's record (and by the person).
  const recordRequest = async (key: string, place: string, teamId: string, seenBy: Set<Caller>) => {
    const volunteerId = target(`volunteer.${key}`).id;
    const recordId = await fx.record(volunteerId, teamId, '2026-03-11', 90, 'confirmed');
    const id = randomUUID();
    await db
      .insertInto('recordRequests')
      .values({
        id,
        recordId,
        volunteerId,
        teamId,
        activityId: null,
        minutes: 150,
        reason: '少记了路上时间',
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
        newRecordId: null,
        createdAt: now,
      })
      .execute();
    add({ key: `recordRequest.${key}`, resource: 'recordRequest', id, place, seenBy });
  };
  await recordRequest('self', '本人·本队', teams.own, seen(...REGION_STAFF, 'leader', 'volunteer'));
  await recordRequest('otherCounty', '另一县', teams.otherCounty, seen('city'));
  await recordRequest('org', '本单位', teams.org, seen('city', 'org'));

  let certificateSeq = 0;
  const certificate = async (volunteerKey: string) => {
    const volunteer = target(`volunteer.${volunteerKey}`);
    const number = `RZZM2026MX${String(++certificateSeq).padStart(4, '0')}`;
    const content = JSON.stringify({
      number,
      name: volunteer.marker,
      idType: '居民身份证',
      idNumberMasked: '1304**********0011',
      volunteerNo: `MX${certificateSeq}`,
      totalMinutes: 120,
      serviceSummary: '打扫卫生、陪伴聊天',
      records: [{ date: '2026-03-10', activity: '助老服务', content: '打扫卫生、陪伴聊天', minutes: 120 }],
      issuer: '本地志愿服务队',
      personInCharge: '王队长',
      handler: '记录员',
      contact: '当地退役军人服务站',
      issuedOn: '2026-03-12',
    });
    const id = randomUUID();
    await db
      .insertInto('certificates')
      .values({
        id,
        number,
        volunteerId: volunteer.id,
        token: randomBytes(32).toString('base64url'),
        holderSurname: volunteer.marker.slice(0, 1),
        content,
        contentHash: createHash('sha256').update(content).digest('hex'),
        issuedAt: now,
        issuedBy: accounts.village,
      })
      .execute();
    add({
      key: `certificate.${volunteerKey}`,
      resource: 'certificate',
      id,
      place: volunteer.place,
      seenBy: volunteer.seenBy,
    });
  };
  for (const v of ['self', 'siblingTownship', 'otherCounty', 'org']) await certificate(v);

  // 本地重要节点: the city's, read by everyone.
  const keyDateId = randomUUID();
  await db
    .insertInto('localKeyDates')
    .values({ id: keyDateId, date: '2026-06-18', name: '矩阵节点', themeTemplate: '' })
    .execute();
  add({
    key: 'localKeyDate.city',
    resource: 'localKeyDate',
    id: keyDateId,
    marker: '矩阵节点',
    place: '全市',
    seenBy: EVERYONE(),
    actedBy: seen('city'),
  });

  // 主题活动模板: used by their region, the regions below it and (for region staff) above it; kept by
  // the city and county bureaus over their own region.
  const template = async (
    key: string,
    place: string,
    region: string,
    seenBy: Set<Caller>,
    actedBy: Set<Caller>,
  ) => {
    const id = randomUUID();
    const marker = `矩阵模板${key}`;
    await db
      .insertInto('activityTemplates')
      .values({
        id,
        title: marker,
        serviceFieldId: null,
        keyDateName: null,
        regionCode: region,
        createdBy: null,
        createdAt: now,
      })
      .execute();
    add({ key: `activityTemplate.${key}`, resource: 'activityTemplate', id, marker, place, seenBy, actedBy });
  };
  await template('city', '市本级', regions.city, seen(...REGION_STAFF, 'leader', 'org'), seen('city'));
  await template('county', '本县', regions.county, seen(...REGION_STAFF, 'leader'), seen('city', 'county'));
  await template(
    'siblingTownship',
    '同县邻乡',
    regions.siblingTownship,
    seen('city', 'county'),
    seen('city', 'county'),
  );
  await template('otherCounty', '另一县', regions.otherCounty, seen('city'), seen('city'));

  // 月度安排 inside the plans, seen with their plan; and one plan paired with another plan's item.
  const planItem = async (planKey: string) => {
    const plan = target(`plan.${planKey}`);
    const id = randomUUID();
    const marker = `矩阵安排${planKey}`;
    await db
      .insertInto('planItems')
      .values({ id, planId: plan.id, month: 5, title: marker, keyDate: null })
      .execute();
    add({
      key: `planItem.${planKey}`,
      resource: 'planItem',
      id,
      params: { id: plan.id, itemId: id },
      marker,
      place: plan.place,
      seenBy: plan.seenBy,
    });
    return id;
  };
  for (const p of ['village', 'ownTeam', 'county', 'org']) await planItem(p);
  const foreignItem = await planItem('otherCounty');
  add({
    key: 'planItem.mismatch',
    resource: 'planItem',
    id: foreignItem,
    params: { id: target('plan.village').id, itemId: foreignItem },
    marker: '矩阵错配安排',
    place: '本村计划配另一县的安排',
    seenBy: seen(),
    scan: false,
  });

  // 特色品牌 and their 亮点 are public; the county and the city keep them.
  const brand = async (key: string, place: string, county: string, keepers: Set<Caller>) => {
    const id = randomUUID();
    const marker = `矩阵品牌${key}`;
    await db
      .insertInto('brands')
      .values({ id, name: marker, countyCode: county, description: '', createdAt: now, updatedAt: now })
      .execute();
    // Its page carries the service results: every account but the 三员 (policy.mayViewBrandResults).
    const readers = new Set<Caller>(CALLERS.filter((c) => !SYSTEM_CALLERS.includes(c)));
    add({ key: `brand.${key}`, resource: 'brand', id, marker, place, seenBy: readers, actedBy: keepers });
    const highlight = randomUUID();
    const title = `矩阵亮点${key}`;
    await db
      .insertInto('brandHighlights')
      .values({ id: highlight, brandId: id, title, body: '', createdAt: now })
      .execute();
    add({
      key: `brandHighlight.${key}`,
      resource: 'brandHighlight',
      id: highlight,
      marker: title,
      place,
      seenBy: EVERYONE(),
      actedBy: keepers,
    });
    return { brandId: id, highlightId: highlight };
  };
  const countyBrand = await brand('county', '本县', regions.county, seen('city', 'county'));
  const otherBrand = await brand('otherCounty', '另一县', regions.otherCounty, seen('city'));

  // 典型案例: a published one is for the business staff; a draft only for its county and the city.
  const typicalCase = async (
    key: string,
    place: string,
    of: { brandId: string; highlightId: string },
    county: string,
    status: 'draft' | 'published',
    keepers: Set<Caller>,
  ) => {
    const id = randomUUID();
    const marker = `矩阵案例${key}`;
    await db
      .insertInto('typicalCases')
      .values({
        id,
        brandId: of.brandId,
        highlightId: of.highlightId,
        regionCode: county,
        fieldId: null,
        title: marker,
        background: '',
        actions: '',
        results: '',
        status,
        publishedAt: status === 'published' ? now : null,
        createdBy: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    add({
      key: `case.${key}`,
      resource: 'case',
      id,
      marker,
      place,
      seenBy: status === 'published' ? seen(...BUSINESS_STAFF) : keepers,
      actedBy: keepers,
    });
  };
  await typicalCase(
    'countyDraft',
    '本县、草稿',
    countyBrand,
    regions.county,
    'draft',
    seen('city', 'county'),
  );
  await typicalCase(
    'countyPublished',
    '本县、已发布',
    countyBrand,
    regions.county,
    'published',
    seen('city', 'county'),
  );
  await typicalCase('otherDraft', '另一县、草稿', otherBrand, regions.otherCounty, 'draft', seen('city'));
  await typicalCase(
    'otherPublished',
    '另一县、已发布',
    otherBrand,
    regions.otherCounty,
    'published',
    seen('city'),
  );

  // 荣誉推荐: seen by region staff over the nominee's region, by the proposer and the proposing team.
  const honour = await db.selectFrom('honourKinds').select('id').orderBy('sort').executeTakeFirstOrThrow();
  const nomination = async (
    key: string,
    place: string,
    teamKey: string,
    region: string,
    proposer: { accountId: string; teamId: string | null },
    status: 'notice' | 'county_review' | 'city_review',
    seenBy: Set<Caller>,
  ) => {
    const id = randomUUID();
    const teamId = target(`team.${teamKey}`).id;
    await db
      .insertInto('nominations')
      .values({
        id,
        honourId: honour.id,
        year: 2026,
        nomineeKind: 'team',
        nomineeId: teamId,
        nomineeName: target(`team.${teamKey}`).marker,
        regionCode: region,
        proposerAccountId: proposer.accountId,
        proposerName: '推荐人',
        proposerTeamId: proposer.teamId,
        deeds: '事迹',
        facts: JSON.stringify(await factsOf(db, 'team', teamId)),
        status,
        noticeDays: status === 'notice' ? 5 : null,
        noticeStartsOn: status === 'notice' ? today : null,
        noticeEndsOn: status === 'notice' ? inDays(20) : null,
        roleTaken: null,
        decidedOn: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    add({ key: `nomination.${key}`, resource: 'nomination', id, place, seenBy });
    return id;
  };
  const nominationFiles = async (
    key: string,
    nominationId: string,
    seenBy: ReadonlySet<Caller>,
    place: string,
  ) => {
    const objection = randomUUID();
    const content = `矩阵异议${key}`;
    await db
      .insertInto('nominationObjections')
      .values({
        id: objection,
        nominationId,
        at: now,
        accountId: null,
        raisedBy: '群众',
        source: 'public',
        content,
        status: 'open',
        resolution: null,
        resolvedBy: null,
        resolvedAt: null,
      })
      .execute();
    add({
      key: `objection.${key}`,
      resource: 'objection',
      id: objection,
      params: { id: nominationId, objectionId: objection },
      marker: content,
      place,
      seenBy,
    });
    const attachment = randomUUID();
    const fileName = `矩阵材料${key}`;
    await db
      .insertInto('nominationAttachments')
      .values({
        id: attachment,
        nominationId,
        fileName: `${fileName}.pdf`,
        mimeType: 'application/pdf',
        size: PDF.length,
        dataBase64: PDF.toString('base64'),
        uploadedBy: accounts.city,
        uploadedAt: now,
      })
      .execute();
    add({
      key: `nominationAttachment.${key}`,
      resource: 'nominationAttachment',
      id: attachment,
      params: { id: nominationId, attachmentId: attachment },
      marker: fileName,
      place,
      seenBy,
    });
    return attachment;
  };
  const villageSeen = seen(...REGION_STAFF, 'leader');
  const villageNomination = await nomination(
    'village',
    '本村·本队推荐、公示中',
    'own',
    regions.village,
    { accountId: accounts.leader, teamId: teams.own },
    'notice',
    villageSeen,
  );
  await nominationFiles('village', villageNomination, villageSeen, '本村·本队推荐');
  await nomination(
    'siblingTownship',
    '同县邻乡、待县级审核',
    'siblingTownship',
    regions.siblingTownship,
    { accountId: accounts.siblingTownship, teamId: null },
    'county_review',
    seen('city', 'county'),
  );
  const otherNomination = await nomination(
    'otherCounty',
    '另一县、公示中',
    'otherCounty',
    regions.otherCountyVillage,
    { accountId: accounts.otherCounty, teamId: null },
    'notice',
    seen('city'),
  );
  const foreignAttachment = await nominationFiles('otherCounty', otherNomination, seen('city'), '另一县');
  await nomination(
    'org',
    '本单位推荐、待市级审核',
    'org',
    regions.city,
    { accountId: accounts.org, teamId: null },
    'city_review',
    seen('city', 'org'),
  );
  add({
    key: 'nominationAttachment.mismatch',
    resource: 'nominationAttachment',
    id: foreignAttachment,
    params: { id: villageNomination, attachmentId: foreignAttachment },
    marker: '矩阵错配材料',
    place: '本村推荐配另一县的材料',
    seenBy: seen(),
    scan: false,
  });

  // 领导小组成员, seen and kept with their group.
  const member = async (key: string, groupId: string) => {
    const group = target(`leadershipGroup.${key}`);
    const id = randomUUID();
    const marker = `矩阵成员${key}`;
    await db
      .insertInto('leadershipMembers')
      .values({
        id,
        groupId,
        name: marker,
        post: '局长',
        role: 'leader',
        fromDate: '2025-01-01',
        toDate: null,
        createdAt: now,
      })
      .execute();
    add({
      key: `leadershipMember.${key}`,
      resource: 'leadershipMember',
      id,
      marker,
      place: group.place,
      seenBy: group.seenBy,
    });
  };
  await member('county', c.groups.county);
  await member('otherCounty', c.groups.otherCounty);

  // 工作会议 (the city's) and the tasks it gave to two counties: a county sees its own share.
  const meetingId = randomUUID();
  const meetingTitle = '矩阵会议city';
  await db
    .insertInto('workMeetings')
    .values({
      id: meetingId,
      regionCode: regions.city,
      year: 2026,
      heldOn: '2026-02-20',
      title: meetingTitle,
      createdBy: accounts.city,
      createdAt: now,
    })
    .execute();
  add({
    key: 'workMeeting.city',
    resource: 'workMeeting',
    id: meetingId,
    marker: meetingTitle,
    place: '市（给本县和另一县派了任务）',
    seenBy: seen('city', 'county'),
    actedBy: seen('city'),
  });
  const task = async (key: string, place: string, county: string, seenBy: Set<Caller>) => {
    const taskId = randomUUID();
    const marker = `矩阵任务${key}`;
    await db
      .insertInto('workTasks')
      .values({
        id: taskId,
        meetingId,
        title: marker,
        content: '',
        measure: '',
        dueDate: '2026-12-31',
        createdAt: now,
      })
      .execute();
    const id = randomUUID();
    await db
      .insertInto('workTaskAssignments')
      .values({ id, taskId, countyCode: county, status: 'not_started', completedOn: null, updatedAt: now })
      .execute();
    add({ key: `workTask.${key}`, resource: 'workTask', id, marker, place, seenBy });
  };
  await task('county', '本县承担', regions.county, seen('city', 'county'));
  await task('otherCounty', '另一县承担', regions.otherCounty, seen('city'));

  // 宣传: images, stories and posters. Staff see their region's (below them) and what they made
  // themselves; an image is open to every writer once a published story or poster shows it.
  const mediaRow = async (region: string, by: string) => {
    const id = randomUUID();
    await db
      .insertInto('publicityMedia')
      .values({
        id,
        mime: 'image/png',
        size: PNG.length,
        width: 1,
        height: 1,
        data: PNG,
        regionCode: region,
        createdBy: by,
        createdAt: now,
      })
      .execute();
    return id;
  };
  const villageMedia = await mediaRow(regions.village, accounts.village);
  add({
    key: 'media.village',
    resource: 'media',
    id: villageMedia,
    place: '本村',
    seenBy: seen(...REGION_STAFF),
  });
  const otherMedia = await mediaRow(regions.otherCounty, accounts.otherCounty);
  add({ key: 'media.otherCounty', resource: 'media', id: otherMedia, place: '另一县', seenBy: seen('city') });
  const publicMedia = await mediaRow(regions.otherCounty, accounts.otherCounty);
  add({
    key: 'media.public',
    resource: 'media',
    id: publicMedia,
    place: '另一县、已发布稿件的封面',
    seenBy: seen(...WRITERS),
  });

  const story = async (
    key: string,
    place: string,
    region: string,
    by: string,
    status: 'draft' | 'reviewed' | 'published',
    seenBy: Set<Caller>,
    cover: string | null = null,
  ) => {
    const id = randomUUID();
    const marker = `矩阵稿件${key}`;
    await db
      .insertInto('stories')
      .values({
        id,
        title: marker,
        body: JSON.stringify([{ type: 'paragraph', spans: [{ text: '正文' }] }]),
        coverMediaId: cover,
        subjectKind: null,
        subjectId: null,
        subjectName: null,
        channel: 'wechat',
        status,
        regionCode: region,
        createdBy: by,
        authorName: '撰稿人',
        createdAt: now,
        updatedAt: now,
        reviewedBy: status === 'draft' ? null : by,
        reviewedAt: status === 'draft' ? null : now,
        publishedBy: status === 'published' ? by : null,
        publishedAt: status === 'published' ? now : null,
        returnReason: null,
      })
      .execute();
    add({ key: `story.${key}`, resource: 'story', id, marker, place, seenBy });
  };
  await story(
    'villageDraft',
    '本村、草稿',
    regions.village,
    accounts.village,
    'draft',
    seen(...REGION_STAFF),
  );
  await story(
    'countyReviewed',
    '本县、已审核',
    regions.county,
    accounts.county,
    'reviewed',
    seen('city', 'county'),
  );
  await story('orgDraft', '本单位所写（市本级）', regions.city, accounts.org, 'draft', seen('city', 'org'));
  // What a team leader writes goes under their village: they see their own, the region staff above too.
  await story(
    'leaderDraft',
    '本队队长所写（本村）',
    regions.village,
    accounts.leader,
    'draft',
    seen(...REGION_STAFF, 'leader'),
  );
  await story(
    'otherPublished',
    '另一县、已发布',
    regions.otherCounty,
    accounts.otherCounty,
    'published',
    seen('city'),
    publicMedia,
  );

  const poster = async (
    key: string,
    place: string,
    region: string,
    by: string,
    status: 'saved' | 'published',
    seenBy: Set<Caller>,
  ) => {
    const id = randomUUID();
    await db
      .insertInto('posters')
      .values({
        id,
        subjectKind: 'team',
        subjectId: teams.own,
        subjectName: '海报对象',
        template: 'red',
        size: 'square',
        photoMediaId: null,
        imageMediaId: await mediaRow(region, by),
        status,
        regionCode: region,
        createdBy: by,
        createdAt: now,
        publishedBy: status === 'published' ? by : null,
        publishedAt: status === 'published' ? now : null,
      })
      .execute();
    add({ key: `poster.${key}`, resource: 'poster', id, place, seenBy });
  };
  await poster('village', '本村、未发布', regions.village, accounts.village, 'saved', seen(...REGION_STAFF));
  await poster(
    'otherCounty',
    '另一县、已发布',
    regions.otherCounty,
    accounts.otherCounty,
    'published',
    seen('city'),
  );

  // 紧急召集: the county and city bureaus over the county called out; the members answer their own.
  const callOut = async (
    key: string,
    place: string,
    county: string,
    by: string,
    member: { volunteerKey: string; teamId: string },
    seenBy: Set<Caller>,
  ) => {
    const id = randomUUID();
    const marker = `矩阵召集${key}`;
    await db
      .insertInto('callOuts')
      .values({
        id,
        title: marker,
        fieldId: c.fieldId,
        regionCode: county,
        place: '县城广场',
        startsAt: '2026-03-20T01:00:00.000Z',
        endsAt: '2026-03-20T05:00:00.000Z',
        status: 'open',
        activityId: null,
        createdBy: by,
        createdAt: now,
      })
      .execute();
    await db
      .insertInto('callOutMembers')
      .values({
        callOutId: id,
        volunteerId: target(`volunteer.${member.volunteerKey}`).id,
        teamId: member.teamId,
        answer: null,
        answeredAt: null,
      })
      .execute();
    add({ key: `callOut.${key}`, resource: 'callOut', id, marker, place, seenBy });
  };
  // The volunteer is on the county's list (they see it among their call-outs and answer it).
  await callOut(
    'county',
    '本县（本人在名单中）',
    regions.county,
    accounts.county,
    { volunteerKey: 'self', teamId: teams.own },
    seen('city', 'county', 'volunteer'),
  );
  await callOut(
    'otherCounty',
    '另一县',
    regions.otherCounty,
    accounts.otherCounty,
    { volunteerKey: 'otherCounty', teamId: teams.otherCounty },
    seen('city'),
  );

  // 个人信息请求 (更正、注销): decided by staff whose scope covers the person; the person sees theirs.
  const privacyRequest = async (
    volunteerKey: string,
    kind: 'correction' | 'erasure',
    seenBy: Set<Caller>,
  ) => {
    const volunteer = target(`volunteer.${volunteerKey}`);
    const { residenceCode } = await db
      .selectFrom('volunteers')
      .select('residenceCode')
      .where('id', '=', volunteer.id)
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    await db
      .insertInto('privacyRequests')
      .values({
        id,
        volunteerId: volunteer.id,
        kind,
        status: 'pending',
        changesEnc: kind === 'correction' ? testCrypto.encrypt(JSON.stringify({ serviceYears: 9 })) : null,
        fields: kind === 'correction' ? 'serviceYears' : '',
        reason: '服役年限登记有误',
        regionCode: residenceCode,
        requestedBy: accounts.volunteer,
        createdAt: now,
        decidedBy: null,
        deciderName: null,
        decidedAt: null,
        decisionNote: null,
      })
      .execute();
    add({
      key: `privacyRequest.${volunteerKey}`,
      resource: 'privacyRequest',
      id,
      place: volunteer.place,
      seenBy,
    });
  };
  await privacyRequest('self', 'correction', seen(...REGION_STAFF, 'leader', 'volunteer'));
  await privacyRequest('otherCounty', 'erasure', seen('city'));
  await privacyRequest('org', 'correction', seen('city', 'org'));
}
