import type { Database } from '../../db/database';
import type { Actor, AuditContext } from '../../modules/identity/actor';
import { renderCover, type PosterTemplate } from '../../modules/publicity/poster.render';
import type { StoryBlock, StoryInput } from '../../modules/publicity/publicity.schemas';
import { PublicityMediaService } from '../../modules/publicity/publicity.media';
import { PosterService } from '../../modules/publicity/publicity.posters';
import { StoryService } from '../../modules/publicity/publicity.stories';

const HANDAN = '130400000000';
const context: AuditContext = { accountId: null, username: 'demo-seed', ip: null };

/** A bureau acting for the seed: the county (or city) that writes and publishes the story. */
const bureau = (regionCode: string, name: string): Actor => ({
  accountId: `demo-seed-${regionCode}`,
  username: null,
  displayName: name,
  role: regionCode === HANDAN ? 'city_admin' : 'county_admin',
  regionCode,
  organizationId: null,
  teamId: null,
  volunteerId: null,
  sessionKind: 'staff',
});

const p = (...parts: (string | [string])[]): StoryBlock => ({
  type: 'paragraph',
  spans: parts.map((x) => (typeof x === 'string' ? { text: x } : { text: x[0], bold: true })),
});

interface DemoStory {
  county: string;
  countyName: string;
  subject: { kind: 'team' | 'brand'; name: string };
  title: string;
  summary: string;
  channel: StoryInput['channel'];
  template: PosterTemplate;
  body: StoryBlock[];
  publish: boolean;
}

// Fictional accounts written for the demonstration; names of people are invented.
const stories: DemoStory[] = [
  {
    county: '130425000000',
    countyName: '大名县',
    subject: { kind: 'team', name: '金戈公益' },
    title: '一碗暖冬粥，温暖一座城',
    summary: '每年入冬，金戈公益的老兵们凌晨四点起锅熬粥，为环卫工人、留守老人送上一碗热粥。',
    channel: 'wechat',
    template: 'red',
    publish: true,
    body: [
      p('清晨五点，大名县城还笼罩在夜色里，金戈公益的粥棚已经升起了热气。'),
      p('“当兵时学会的就是', ['早起和坚持'], '。”老队员刘师傅一边搅动大锅，一边笑着说。'),
      { type: 'heading', text: '从一口锅到一千五百名志愿者' },
      p(
        '“暖冬粥”项目从最初几名退役军人自发熬粥，发展到如今吸纳一千五百余名志愿者，',
        '每年冬天为环卫工人、困难群众和过往行人送上热粥。',
      ),
      { type: 'quote', text: '退役不褪色，我们还是那支队伍，只是换了一个战场。' },
      p('项目先后获评河北省学雷锋志愿服务“四个一百”最佳志愿服务项目。'),
    ],
  },
  {
    county: '130432000000',
    countyName: '广平县',
    subject: { kind: 'brand', name: '光辉岁月老兵餐厅' },
    title: '老兵餐厅里的爱心午餐',
    summary: '一张餐桌、一份午餐、一碗绿豆汤，“光辉岁月老兵餐厅”坚持为环卫工人免费供餐。',
    channel: 'tv',
    template: 'fresh',
    publish: true,
    body: [
      p('中午十一点半，“光辉岁月老兵餐厅”门口陆续来了穿橙色工装的环卫工人。'),
      p('餐厅的老兵志愿者早早备好了', ['免费午餐、矿泉水和绿豆汤'], '。'),
      { type: 'heading', text: '“情系环卫工人，赠送爱心午餐”' },
      p('这项活动已经坚持多年，节目《永不褪色》曾专程到餐厅拍摄，记录下老兵们的日常。'),
      { type: 'quote', text: '他们起早贪黑守护城市干净，我们就守护他们吃口热乎饭。' },
    ],
  },
  {
    county: '130424000000',
    countyName: '成安县',
    subject: { kind: 'team', name: '成安县退役军人“爱心车队”' },
    title: '爱心车队：送考路上的“老兵专线”',
    summary: '高考、中考期间，成安县退役军人“爱心车队”免费接送考生，并在途中提供应急帮助。',
    channel: 'wechat',
    template: 'red',
    publish: true,
    body: [
      p('考试当天清晨，四十多辆贴着“爱心送考”标识的车辆整齐停在县城各个路口。'),
      p('车队队员全部是退役军人，', ['考生一招手就停，分文不取'], '。'),
      { type: 'heading', text: '关键时刻顶得上' },
      p('去年有位考生忘带准考证，队员驾车往返十公里取回，考生按时进入考场。'),
    ],
  },
  {
    county: '130425000000',
    countyName: '大名县',
    subject: { kind: 'team', name: '“戎耀大名”老兵理论宣讲志愿服务队' },
    title: '古城里的“红马甲”（待审）',
    summary: '春节期间，“戎耀大名”宣讲队在大名古城周边开展游客疏导、秩序维护。',
    channel: 'poster',
    template: 'fresh',
    publish: false,
    body: [p('稿件正在撰写中：春节期间，老兵们在大名古城周边疏导游客、维护秩序……')],
  },
];

/**
 * 宣传 demo: consent dates for the volunteers who agreed at registration, three published stories and
 * one draft (about 金戈公益, 老兵餐厅, 爱心车队), and two published showcase posters. Idempotent.
 */
export async function seedPublicityDemo(database: Database, log: (line: string) => void): Promise<void> {
  const db = database.db;
  if (await db.selectFrom('stories').select('id').limit(1).executeTakeFirst()) return;
  const mediaService = new PublicityMediaService(db);
  const storyService = new StoryService(db);
  const posterService = new PosterService(db);
  const now = new Date().toISOString();

  // Consent given on the registration form: date it, with no recorder (it came with the registration).
  await db
    .updateTable('volunteers')
    .set({ publicityConsentAt: now })
    .where('publicityConsent', '=', 1)
    .where('publicityConsentAt', 'is', null)
    .execute();

  let published = 0;
  for (const s of stories) {
    const actor = bureau(s.county, `${s.countyName}退役军人事务局`);
    const subjectId =
      s.subject.kind === 'team'
        ? (await db.selectFrom('teams').select('id').where('name', '=', s.subject.name).executeTakeFirst())
            ?.id
        : (await db.selectFrom('brands').select('id').where('name', '=', s.subject.name).executeTakeFirst())
            ?.id;
    const cover = await mediaService.uploadMedia(
      actor,
      await renderCover(s.title, `${s.countyName} · 退役军人志愿服务`, s.template),
      context,
    );
    const id = await storyService.createStory(
      actor,
      {
        title: s.title,
        summary: s.summary,
        body: s.body,
        coverMediaId: cover.id,
        channel: s.channel,
        subjectKind: subjectId ? s.subject.kind : null,
        subjectId: subjectId ?? null,
      },
      context,
    );
    if (s.publish) {
      await storyService.transition(actor, id, 'review', undefined, context);
      await storyService.transition(actor, id, 'publish', undefined, context);
      published += 1;
    }
  }

  // Showcase posters: the 金戈公益 team, and its member with the most confirmed hours who consented.
  const origin = `http://localhost:${process.env.PORT ?? 3000}`;
  const city = bureau(HANDAN, '邯郸市退役军人事务局');
  let posters = 0;
  const team = await db
    .selectFrom('teams')
    .select('id')
    .where('name', '=', '金戈公益')
    .where('status', '=', 'approved')
    .executeTakeFirst();
  if (team) {
    const id = await posterService.createPoster(
      city,
      {
        subjectKind: 'team',
        subjectId: team.id,
        template: 'red',
        size: 'square',
        quote: '一碗热粥，一份老兵情',
        photoMediaId: null,
      },
      origin,
      context,
    );
    await posterService.setPosterPublished(city, id, true, context);
    posters += 1;
    const member = await db
      .selectFrom('memberships')
      .innerJoin('volunteers', 'volunteers.id', 'memberships.volunteerId')
      .select('volunteers.id')
      .where('memberships.teamId', '=', team.id)
      .where('memberships.leftOn', 'is', null)
      .where('volunteers.publicityConsent', '=', 1)
      .orderBy('volunteers.confirmedMinutes', 'desc')
      .orderBy('volunteers.id')
      .executeTakeFirst();
    if (member) {
      const pid = await posterService.createPoster(
        city,
        {
          subjectKind: 'volunteer',
          subjectId: member.id,
          template: 'fresh',
          size: 'portrait',
          quote: '退役不褪色，服务永远在路上',
          photoMediaId: null,
        },
        origin,
        context,
      );
      await posterService.setPosterPublished(city, pid, true, context);
      posters += 1;
    }
  }
  log(`已生成宣传稿件 ${stories.length} 篇（已发布 ${published} 篇）、风采海报 ${posters} 张`);
}
