import type { Database } from '../../db/database';
import { actorOf } from '../../modules/identity/auth.service';
import type { Actor, AuditContext } from '../../modules/identity/actor';
import { CallOutsService } from '../../modules/requests/callouts.service';
import { RequestsService } from '../../modules/requests/requests.service';
import type { FieldCrypto } from '../security/fieldCrypto';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * 群众点单 and 紧急召集 demo data in 大名县 (fictional residents and numbers): requests in every state —
 * new, overdue, dispatched, declined and re-dispatched, accepted as an activity, done awaiting a rating,
 * rated — and one call-out with answers. Idempotent: does nothing once any request exists.
 */
export async function seedRequestsDemo(
  database: Database,
  log: (line: string) => void,
  crypto: FieldCrypto,
): Promise<void> {
  const db = database.db;
  if (await db.selectFrom('serviceRequests').select('id').limit(1).executeTakeFirst()) return;
  const account = async (username: string): Promise<Actor | null> => {
    const row = await db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return row ? actorOf(row, 'staff') : null;
  };
  const county = await account('daming');
  const town = await account('damingzhen');
  if (!county || !town) {
    log('群众点单演示数据：缺少大名县演示账号，跳过');
    return;
  }
  const countyCode = county.regionCode!;
  const townCode = town.regionCode!;
  // The field most teams of the county offer.
  const fields = await db
    .selectFrom('teamFields')
    .innerJoin('teams', 'teams.id', 'teamFields.teamId')
    .innerJoin('serviceFields', 'serviceFields.id', 'teamFields.fieldId')
    .select(['serviceFields.id', 'serviceFields.name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('teams.status', '=', 'approved')
    .where('teams.regionCode', 'like', `${countyCode.slice(0, 6)}%`)
    .groupBy(['serviceFields.id', 'serviceFields.name'])
    .orderBy('n', 'desc')
    .execute();
  const field = fields.find((f) => Number(f.n) >= 2);
  const villages = await db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('parentCode', '=', townCode)
    .orderBy('code')
    .limit(6)
    .execute();
  if (!field || villages.length === 0) {
    log('群众点单演示数据：大名县没有足够的队伍，跳过');
    return;
  }
  const service = new RequestsService(db, crypto);
  const ctx = (actor: Actor | null): AuditContext => ({
    accountId: actor?.accountId ?? null,
    username: actor?.username ?? 'demo-seed',
    ip: null,
  });
  const now = Date.now();
  const residents = [
    { name: '刘桂芳', phone: '13700000101', text: '家中老人行动不便，需要帮忙打扫卫生、代购生活用品' },
    { name: '张秀英', phone: '13700000102', text: '独居老人家里电路老化，想请懂电工的志愿者帮忙检查' },
    { name: '王建国', phone: '13700000103', text: '老伴住院，需要志愿者帮忙接送复查' },
    { name: '李淑珍', phone: '13700000104', text: '想给村里的留守儿童请老兵讲讲国防故事' },
    { name: '赵志强', phone: '13700000105', text: '院里的老槐树枝干断裂，有砸人的危险，需要帮忙清理' },
    { name: '孙玉兰', phone: '13700000106', text: '腿脚不便，想请志愿者帮忙代缴水电费、取药' },
    { name: '周长海', phone: '13700000107', text: '老党员想给村里讲一次党课，需要帮忙组织' },
  ];
  const file = async (i: number) => {
    const r = residents[i]!;
    const village = villages[i % villages.length]!;
    const { id } = await service.submit(
      null,
      {
        fieldId: field.id,
        regionCode: village.code,
        address: `${['东街', '西街', '南街', '北街', '中心街', '前街', '后街'][i]}${i + 3}号`,
        wantedAt: new Date(now + (i + 1) * DAY).toISOString(),
        description: r.text,
        contactName: r.name,
        phone: r.phone,
      },
      ctx(null),
      new Date(now - (7 - i) * HOUR),
    );
    return id;
  };
  const pick = async (id: string, skip = 0) => (await service.suggestions(town, id))[skip]?.teamId;

  // 1. New, waiting for dispatch.
  await file(0);
  // 2. Overdue: filed days ago, never dispatched.
  const overdue = await file(1);
  await db
    .updateTable('serviceRequests')
    .set({
      createdAt: new Date(now - 3 * DAY).toISOString(),
      dispatchDueAt: new Date(now - 1 * DAY).toISOString(),
    })
    .where('id', '=', overdue)
    .execute();
  // 3. Dispatched, waiting for the team.
  const waiting = await file(2);
  const t3 = await pick(waiting);
  if (t3) await service.dispatch(town, waiting, t3, ctx(town));
  // 4. Declined by the first team, then accepted by a second: an activity.
  const declined = await file(3);
  const first = await pick(declined);
  if (first) {
    await service.dispatch(town, declined, first, ctx(town));
    await service.decline(county, declined, '队员本周参加应急演练，人手不足', ctx(county));
    const second = await pick(declined);
    if (second) {
      await service.dispatch(town, declined, second, ctx(town));
      await service.accept(county, declined, {}, ctx(county));
    }
  }
  // 5. and 6. Done: one awaiting the rating, one rated.
  for (const [i, rating] of [
    [4, null],
    [5, 5],
  ] as const) {
    const id = await file(i);
    const team = await pick(id, 1);
    if (!team) continue;
    await service.dispatch(town, id, team, ctx(town));
    await service.accept(county, id, {}, ctx(county));
    await service.complete(county, id, ctx(county), '');
    if (rating) {
      const sms = await db
        .selectFrom('outbox')
        .select('body')
        .where('template', '=', 'requester_rate')
        .orderBy('createdAt', 'desc')
        .executeTakeFirst();
      const token = /\/request\/rate\/([A-Za-z0-9_-]+)/.exec(sms?.body ?? '')?.[1];
      if (token) await service.rate(token, rating, '老兵志愿者来得很及时，服务周到，感谢！', ctx(null));
    }
  }
  // 7. One more new request, from another village.
  await file(6);

  // 紧急召集: every team of the field in 大名县, with some answers in.
  const callOuts = new CallOutsService(db, crypto);
  const start = new Date(now + 4 * HOUR);
  try {
    const c = await callOuts.create(
      county,
      {
        title: '卫河汛期巡堤排查',
        fieldId: field.id,
        countyCode,
        includeNeighbours: false,
        place: '大名县金滩镇卫河大堤集合点',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 6 * HOUR).toISOString(),
        description: '近日降雨偏多，请各队组织身体条件允许的队员参加巡堤，自带雨具。',
      },
      ctx(county),
    );
    const members = await db
      .selectFrom('callOutMembers')
      .select('volunteerId')
      .where('callOutId', '=', c.id)
      .orderBy('volunteerId')
      .execute();
    const answered = new Date(now - 10 * 60_000).toISOString();
    for (const [i, m] of members.slice(0, 12).entries()) {
      await db
        .updateTable('callOutMembers')
        .set({ answer: i % 4 === 3 ? 'unavailable' : 'available', answeredAt: answered })
        .where('callOutId', '=', c.id)
        .where('volunteerId', '=', m.volunteerId)
        .execute();
    }
    log(`群众点单演示数据：7 条点单、1 次紧急召集（通知 ${members.length} 人）`);
  } catch (error) {
    log(`群众点单演示数据：紧急召集未生成（${error instanceof Error ? error.message : String(error)}）`);
  }
}
