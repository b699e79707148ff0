import {
  Alert,
  Breadcrumb,
  Card,
  Progress,
  Skeleton,
  Statistic,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { Link, useSearchParams } from 'react-router';
import { regionPrefix, type RegionRef } from '../../shared/regions';
import type { Coverage } from '../../shared/registry';
import { errorMessage } from '../api';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useRegionDetail } from '../regions/queries';
import { useDocumentTitle } from '../useDocumentTitle';
import { rz } from './locale';
import { useCoverage } from './queries';

const t = rz.coverage;
type Row = Coverage['rows'][number];
type Uncovered = Coverage['uncovered'][number];

const percentOf = (covered: number, villages: number) =>
  villages === 0 ? 0 : Math.round((covered / villages) * 1000) / 10;

const coverageLink = (code: string) => `/coverage?regionCode=${code}`;

/** 邯郸市 / 大名县 / 大名镇: from the person's own region down to the one shown, each a link back up. */
function Trail({ region }: { region: RegionRef }) {
  const me = useMe();
  const detail = useRegionDetail(region.code);
  const own = me.account.region;
  const inside = (code: string) => !own || code.startsWith(regionPrefix(own.code));
  const above = (detail.data?.ancestors ?? []).filter((a) => inside(a.code));
  const items = [
    ...above.map((a) => ({ key: a.code, title: <Link to={coverageLink(a.code)}>{a.name}</Link> })),
    { key: region.code, title: region.name },
  ];
  if (items.length < 2) return null;
  return (
    <nav aria-label={t.breadcrumb}>
      <Breadcrumb items={items} className="rz-breadcrumb" />
    </nav>
  );
}

function Summary({ data }: { data: Coverage }) {
  const percent = percentOf(data.covered, data.villages);
  return (
    <div className="rz-reg-coverage-summary">
      <div className="rz-reg-coverage-stats">
        <Statistic className="rz-reg-coverage-villages" title={t.villages} value={data.villages} />
        <Statistic className="rz-reg-coverage-covered" title={t.covered} value={data.covered} />
        <Statistic
          className="rz-reg-coverage-uncovered"
          title={t.uncoveredCount}
          value={data.villages - data.covered}
        />
        <Statistic
          className="rz-reg-coverage-rate"
          title={t.rate}
          value={t.percent(data.covered, data.villages)}
        />
      </div>
      <Progress
        percent={percent}
        aria-label={t.progressLabel(data.region.name)}
        className="rz-reg-coverage-progress"
        format={() => t.percent(data.covered, data.villages)}
      />
    </div>
  );
}

function ChildRows({ data }: { data: Coverage }) {
  const c = t.columns;
  const columns: TableColumnsType<Row> = [
    {
      key: 'region',
      title: c.region,
      render: (_: unknown, r) =>
        r.region.level === 'village' ? (
          r.region.name
        ) : (
          <Link to={coverageLink(r.region.code)} className="rz-reg-strong-link">
            {r.region.name}
          </Link>
        ),
    },
    { key: 'villages', title: c.villages, align: 'right', render: (_: unknown, r) => r.villages },
    { key: 'covered', title: c.covered, align: 'right', render: (_: unknown, r) => r.covered },
    {
      key: 'rate',
      title: c.rate,
      render: (_: unknown, r) => (
        <span className="rz-reg-rate-cell">
          <Progress
            percent={percentOf(r.covered, r.villages)}
            size="small"
            showInfo={false}
            aria-label={t.progressLabel(r.region.name)}
            className="rz-reg-rate-bar"
          />
          <span className="rz-reg-rate-text">{t.percent(r.covered, r.villages)}</span>
        </span>
      ),
    },
    {
      key: 'secretary',
      title: c.secretaryUncovered,
      align: 'right',
      render: (_: unknown, r) =>
        r.veteranSecretaryUncovered > 0 ? (
          <strong className="rz-reg-alert-number">{r.veteranSecretaryUncovered}</strong>
        ) : (
          0
        ),
    },
  ];
  return (
    <Card title={<h2 className="rz-card-heading">{t.rowsTitle}</h2>} styles={{ body: { padding: 0 } }}>
      <p className="rz-reg-card-hint">{t.rowsHint}</p>
      <Table<Row>
        className="rz-data-table rz-reg-coverage-rows"
        rowKey={(r) => r.region.code}
        size="middle"
        columns={columns}
        dataSource={data.rows}
        pagination={data.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        caption={<span className="rz-visually-hidden">{t.rowsCaption}</span>}
      />
    </Card>
  );
}

function UncoveredList({ data }: { data: Coverage }) {
  // 兵支书 villages first (the report: they build their team first), then by code.
  const rows = [...data.uncovered].sort(
    (a, b) => Number(b.veteranSecretary) - Number(a.veteranSecretary) || a.code.localeCompare(b.code),
  );
  const c = t.uncoveredColumns;
  const columns: TableColumnsType<Uncovered> = [
    {
      key: 'name',
      title: c.name,
      render: (_: unknown, v) => <Link to={`/regions/${v.code}`}>{v.name}</Link>,
    },
    {
      key: 'secretary',
      title: c.secretary,
      render: (_: unknown, v) =>
        v.veteranSecretary ? (
          <Tag className="rz-reg-flag rz-reg-flag-red">{t.secretaryTag}</Tag>
        ) : (
          rz.common.none
        ),
    },
    { key: 'path', title: c.path, render: (_: unknown, v) => <span className="rz-reg-path">{v.path}</span> },
  ];
  return (
    <Card
      title={
        <h2 className="rz-card-heading">
          {t.uncoveredTitle}
          <span className="rz-card-heading-meta">{rz.common.total(rows.length)}</span>
        </h2>
      }
      styles={{ body: { padding: 0 } }}
    >
      {rows.length > 0 && <p className="rz-reg-card-hint">{t.secretaryFirst}</p>}
      <Table<Uncovered>
        className="rz-data-table rz-reg-uncovered"
        rowKey="code"
        size="middle"
        columns={columns}
        dataSource={rows}
        rowClassName={(v) => (v.veteranSecretary ? 'rz-reg-secretary-row' : '')}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: t.uncoveredEmpty }}
        scroll={{ x: 'max-content' }}
        caption={<span className="rz-visually-hidden">{t.uncoveredCaption}</span>}
      />
    </Card>
  );
}

/** 一村一队伍覆盖: villages with an approved team, per child region (drill down), and those still without. */
export function CoveragePage() {
  const [params] = useSearchParams();
  const regionCode = params.get('regionCode') ?? undefined;
  const coverage = useCoverage(regionCode);
  const data = coverage.data;
  useDocumentTitle(data ? `${t.title} · ${data.region.name}` : t.title);

  return (
    <div className="rz-page rz-reg-page">
      <Card className="rz-region-header">
        <PageTitle>
          {t.title}
          {data && <span className="rz-reg-title-region">{data.region.name}</span>}
        </PageTitle>
        {data && <Trail region={data.region} />}
        <p className="rz-reg-intro">{t.intro}</p>
        {coverage.isError ? (
          <Alert type="error" showIcon title={errorMessage(coverage.error)} />
        ) : data ? (
          <Summary data={data} />
        ) : (
          <Skeleton active paragraph={{ rows: 2 }} />
        )}
      </Card>
      {data && data.rows.length > 0 && data.region.level !== 'village' && <ChildRows data={data} />}
      {data && <UncoveredList data={data} />}
    </div>
  );
}
