import { sql, type Migration } from 'kysely';
import { timestampType, type AnyDb } from './helpers';

/** The catalogue as seeded: what each honour is, at which level, what it honours, how the city's step ends. */
const catalogue: {
  id: string;
  name: string;
  level: 'city' | 'province' | 'national';
  honours: 'volunteer' | 'team' | 'brand' | 'village';
  outcome: 'award' | 'role';
  description: string;
}[] = [
  {
    id: 'zuimei-tuiyijunren',
    name: '最美退役军人',
    level: 'national',
    honours: 'volunteer',
    outcome: 'award',
    description: '退役军人事务部等部门组织的学习宣传活动',
  },
  {
    id: 'youxiu-tuiyijunren',
    name: '优秀退役军人',
    level: 'province',
    honours: 'volunteer',
    outcome: 'award',
    description: '表彰在各行各业作出突出贡献的退役军人',
  },
  {
    id: 'sige100-zuimei-zhiyuanzhe',
    name: '学雷锋志愿服务"四个100"·最美志愿者',
    level: 'national',
    honours: 'volunteer',
    outcome: 'award',
    description: '学雷锋志愿服务"四个100"先进典型',
  },
  {
    id: 'sige100-zuijia-zuzhi',
    name: '学雷锋志愿服务"四个100"·最佳志愿服务组织',
    level: 'national',
    honours: 'team',
    outcome: 'award',
    description: '学雷锋志愿服务"四个100"先进典型',
  },
  {
    id: 'sige100-zuijia-xiangmu',
    name: '学雷锋志愿服务"四个100"·最佳志愿服务项目',
    level: 'national',
    honours: 'brand',
    outcome: 'award',
    description: '学雷锋志愿服务"四个100"先进典型',
  },
  {
    id: 'sige100-zuimei-cun',
    name: '学雷锋志愿服务"四个100"·最美志愿服务村(社区)',
    level: 'national',
    honours: 'village',
    outcome: 'award',
    description: '学雷锋志愿服务"四个100"先进典型',
  },
  {
    id: 'daode-mofan',
    name: '道德模范',
    level: 'province',
    honours: 'volunteer',
    outcome: 'award',
    description: '助人为乐、见义勇为、诚实守信、敬业奉献、孝老爱亲',
  },
  {
    id: 'hebei-sigeyibai-zhiyuanzhe',
    name: '河北省"四个一百"·最美志愿者',
    level: 'province',
    honours: 'volunteer',
    outcome: 'award',
    description: '河北省学雷锋志愿服务"四个一百"先进典型',
  },
  {
    id: 'hebei-sigeyibai-zuzhi',
    name: '河北省"四个一百"·最佳志愿服务组织',
    level: 'province',
    honours: 'team',
    outcome: 'award',
    description: '河北省学雷锋志愿服务"四个一百"先进典型',
  },
  {
    id: 'hebei-sigeyibai-xiangmu',
    name: '河北省"四个一百"·最佳志愿服务项目',
    level: 'province',
    honours: 'brand',
    outcome: 'award',
    description: '河北省学雷锋志愿服务"四个一百"先进典型',
  },
  {
    id: 'hebei-sigeyibai-shequ',
    name: '河北省"四个一百"·最美志愿服务社区',
    level: 'province',
    honours: 'village',
    outcome: 'award',
    description: '河北省学雷锋志愿服务"四个一百"先进典型',
  },
  {
    id: 'handan-xianjin-danwei',
    name: '邯郸市退役军人志愿服务先进单位',
    level: 'city',
    honours: 'team',
    outcome: 'award',
    description: '年度表彰大会表彰的先进单位',
  },
  {
    id: 'handan-xianjin-geren',
    name: '邯郸市退役军人志愿服务先进个人',
    level: 'city',
    honours: 'volunteer',
    outcome: 'award',
    description: '年度表彰大会表彰的先进个人',
  },
  {
    id: 'jiceng-zhili',
    name: '推荐参加农村、社区基层社会治理锻炼',
    level: 'city',
    honours: 'volunteer',
    outcome: 'role',
    description: '结果为担任村(社区)职务，如村委会委员、网格员',
  },
];

/** 荣誉激励：荣誉目录、推荐、逐级审核、推荐上报、公示与异议、外部荣誉、年度表彰。 */
export const migration0009Honours: Migration = {
  async up(db: AnyDb) {
    const ts = () => timestampType(db);
    await db.schema
      .createTable('honour_kinds')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(60)', (c) => c.notNull().unique())
      .addColumn('level', 'varchar(10)', (c) =>
        c.notNull().check(sql`level in ('city', 'province', 'national')`),
      )
      .addColumn('honours', 'varchar(10)', (c) =>
        c.notNull().check(sql`honours in ('volunteer', 'team', 'brand', 'village')`),
      )
      .addColumn('outcome', 'varchar(10)', (c) => c.notNull().check(sql`outcome in ('award', 'role')`))
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('sort', 'integer', (c) => c.notNull())
      .execute();
    await db
      .insertInto('honour_kinds')
      .values(catalogue.map((k, i) => ({ ...k, sort: i + 1 })))
      .execute();

    await db.schema
      .createTable('nominations')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('honour_id', 'varchar(40)', (c) => c.notNull().references('honour_kinds.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('nominee_kind', 'varchar(10)', (c) =>
        c.notNull().check(sql`nominee_kind in ('volunteer', 'team', 'brand', 'village')`),
      )
      .addColumn('nominee_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('nominee_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('proposer_account_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('proposer_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('proposer_team_id', 'varchar(36)')
      .addColumn('deeds', 'text', (c) => c.notNull())
      .addColumn('facts', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) =>
        c
          .notNull()
          .check(
            sql`status in ('county_review', 'city_review', 'reported', 'notice', 'awarded', 'not_awarded', 'rejected')`,
          ),
      )
      .addColumn('notice_days', 'integer')
      .addColumn('notice_starts_on', 'varchar(10)')
      .addColumn('notice_ends_on', 'varchar(10)')
      .addColumn('role_taken', 'varchar(60)')
      .addColumn('decided_on', 'varchar(10)')
      .addColumn('created_at', ts(), (c) => c.notNull())
      .addColumn('updated_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('nominations_region_idx').on('nominations').column('region_code').execute();
    await db.schema
      .createIndex('nominations_nominee_idx')
      .on('nominations')
      .columns(['nominee_kind', 'nominee_id'])
      .execute();
    await db.schema
      .createIndex('nominations_year_idx')
      .on('nominations')
      .columns(['year', 'status'])
      .execute();
    // One live nomination per holder, honour and year (a rejected or not-awarded one may be proposed again).
    await sql`CREATE UNIQUE INDEX nominations_live_uq ON nominations (honour_id, nominee_kind, nominee_id, year)
      WHERE status NOT IN ('rejected', 'not_awarded')`.execute(db);

    await db.schema
      .createTable('nomination_events')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('nomination_id', 'varchar(36)', (c) =>
        c.notNull().references('nominations.id').onDelete('cascade'),
      )
      .addColumn('at', ts(), (c) => c.notNull())
      .addColumn('account_id', 'varchar(36)')
      .addColumn('actor_name', 'varchar(100)')
      .addColumn('action', 'varchar(30)', (c) => c.notNull())
      .addColumn('from_status', 'varchar(16)')
      .addColumn('to_status', 'varchar(16)')
      .addColumn('reason', 'text')
      .execute();
    await db.schema
      .createIndex('nomination_events_nomination_idx')
      .on('nomination_events')
      .column('nomination_id')
      .execute();

    await db.schema
      .createTable('nomination_objections')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('nomination_id', 'varchar(36)', (c) =>
        c.notNull().references('nominations.id').onDelete('cascade'),
      )
      .addColumn('at', ts(), (c) => c.notNull())
      .addColumn('account_id', 'varchar(36)')
      .addColumn('raised_by', 'varchar(100)', (c) => c.notNull())
      .addColumn('source', 'varchar(10)', (c) => c.notNull().check(sql`source in ('staff', 'public')`))
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('open', 'upheld', 'dismissed')`),
      )
      .addColumn('resolution', 'text')
      .addColumn('resolved_by', 'varchar(100)')
      .addColumn('resolved_at', ts())
      .execute();

    await db.schema
      .createTable('nomination_attachments')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('nomination_id', 'varchar(36)', (c) =>
        c.notNull().references('nominations.id').onDelete('cascade'),
      )
      .addColumn('file_name', 'varchar(120)', (c) => c.notNull())
      .addColumn('mime_type', 'varchar(40)', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('data_base64', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'varchar(100)', (c) => c.notNull())
      .addColumn('uploaded_at', ts(), (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('external_honours')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(120)', (c) => c.notNull())
      .addColumn('level', 'varchar(10)', (c) =>
        c.notNull().check(sql`level in ('county', 'city', 'province', 'national')`),
      )
      .addColumn('issuer', 'varchar(100)', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('holder_kind', 'varchar(10)', (c) =>
        c.notNull().check(sql`holder_kind in ('volunteer', 'team', 'brand', 'village')`),
      )
      .addColumn('holder_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('holder_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('region_code', 'varchar(12)', (c) => c.notNull().references('regions.code'))
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('created_by', 'varchar(36)')
      .addColumn('created_at', ts(), (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('external_honours_holder_idx')
      .on('external_honours')
      .columns(['holder_kind', 'holder_id'])
      .execute();

    await db.schema
      .createTable('commendations')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('title', 'varchar(120)', (c) => c.notNull())
      .addColumn('held_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('place', 'varchar(120)', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('updated_by', 'varchar(36)')
      .addColumn('created_at', ts(), (c) => c.notNull())
      .addColumn('updated_at', ts(), (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    for (const t of [
      'commendations',
      'external_honours',
      'nomination_attachments',
      'nomination_objections',
      'nomination_events',
      'nominations',
      'honour_kinds',
    ])
      await db.schema.dropTable(t).execute();
  },
};
