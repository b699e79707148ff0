import { chinaToday } from '../../shared/dates';
import { Breadcrumb, Card, Result, Select, Table, type TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { pt } from './locale';
import { Failed, useIsRegionStaff, YearSelect } from './parts';
import { useCompliance, type ComplianceRow, type ComplianceView } from './queries';

const t = pt.compliance;

/** 落实情况: one month, per child region, drillable down to villages; the flagged teams listed. */
export function CompliancePage() {
  useDocumentTitle(t.title);
  const regionStaff = useIsRegionStaff();
  if (!regionStaff)
    return (
      <div className="rz-page rz-plan-page">
        <PageTitle>{t.title}</PageTitle>
        <Result status="403" title={<h2 className="rz-result-title">{t.forbidden}</h2>} />
      </div>
    );
  return <ComplianceView />;
}

function ComplianceView() {
  const [params, setParams] = useSearchParams();
  const [todayYear, todayMonth] = chinaToday().split('-').map(Number) as [number, number];
  const rawYear = Number(params.get('year'));
  const rawMonth = Number(params.get('month'));
  const year = Number.isInteger(rawYear) && rawYear >= 2000 && rawYear <= 2100 ? rawYear : todayYear;
  const month = Number.isInteger(rawMonth) && rawMonth >= 1 && rawMonth <= 12 ? rawMonth : todayMonth;
  const region = params.get('region') ?? undefined;
  const view = useCompliance(year, month, region);

  const set = (patch: Record<string, string | undefined>) =>
    setParams((p) => {
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) p.delete(k);
        else p.set(k, v);
      }
      return p;
    });

  const hrefFor = (code: string) => `/plans/compliance?year=${year}&month=${month}&region=${code}`;

  const columns: TableColumnsType<ComplianceRow> = [
    {
      title: t.colRegion,
      key: 'region',
      render: (_, r) => (r.drillable ? <Link to={hrefFor(r.code)}>{r.name}</Link> : r.name),
    },
    { title: t.colTeams, dataIndex: 'teams', align: 'right' },
    { title: t.colArranged, dataIndex: 'arranged', align: 'right' },
    { title: t.colActive, dataIndex: 'active', align: 'right' },
    {
      title: t.colFlagged,
      dataIndex: 'flagged',
      align: 'right',
      render: (n: number) => (n > 0 ? <span className="rz-plan-flagged">{n}</span> : n),
    },
  ];

  return (
    <div className="rz-page rz-plan-page">
      <PageTitle>{t.title}</PageTitle>
      <Card>
        <p className="rz-plan-intro">{t.intro}</p>
        <div className="rz-plan-toolbar">
          <YearSelect id="rz-compliance-year" value={year} onChange={(y) => set({ year: String(y) })} />
          <span className="rz-plan-filter">
            <label htmlFor="rz-compliance-month" className="rz-plan-filter-label">
              {pt.common.month}
            </label>
            <Select
              id="rz-compliance-month"
              value={month}
              onChange={(m: number) => set({ month: String(m) })}
              options={Array.from({ length: 12 }, (_, i) => ({
                value: i + 1,
                label: pt.common.monthLabel(i + 1),
              }))}
              className="rz-plan-year-select"
            />
          </span>
        </div>
        {view.data && (
          <Breadcrumb
            className="rz-plan-toolbar"
            items={view.data.path.map((p, i) => ({
              key: p.code,
              title:
                i === view.data.path.length - 1 ? (
                  <span aria-current="page">{p.name}</span>
                ) : (
                  <Link to={hrefFor(p.code)}>{p.name}</Link>
                ),
            }))}
          />
        )}
        {view.isError ? (
          view.error instanceof ApiError && view.error.status === 403 ? (
            <Result status="403" title={<h2 className="rz-result-title">{view.error.message}</h2>} />
          ) : (
            <Failed error={view.error} onRetry={() => void view.refetch()} />
          )
        ) : (
          <Table<ComplianceRow>
            rowKey="code"
            columns={columns}
            dataSource={view.data?.rows ?? []}
            loading={view.isLoading}
            pagination={false}
            scroll={{ x: 'max-content' }}
            summary={() => (view.data ? <TotalRow view={view.data} /> : null)}
          />
        )}
      </Card>
      {view.data && (
        <Card
          className="rz-plan-section"
          title={<h2 className="rz-plan-card-title">{t.flaggedTitle(view.data.total.flagged)}</h2>}
        >
          <Table
            rowKey="id"
            dataSource={view.data.flagged}
            locale={{ emptyText: t.noFlagged }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              {
                title: t.colTeam,
                dataIndex: 'name',
                render: (name: string, r: { id: string }) => <Link to={`/teams/${r.id}`}>{name}</Link>,
              },
              { title: t.colTeamRegion, dataIndex: 'regionName' },
            ]}
          />
        </Card>
      )}
    </div>
  );
}

function TotalRow({ view }: { view: ComplianceView }) {
  const cells = [view.total.teams, view.total.arranged, view.total.active, view.total.flagged];
  return (
    <Table.Summary.Row>
      <Table.Summary.Cell index={0}>
        <strong>{t.total}</strong>
      </Table.Summary.Cell>
      {cells.map((n, i) => (
        <Table.Summary.Cell key={i} index={i + 1} align="right">
          <strong>{n}</strong>
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );
}
