import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  InputNumber,
  Progress,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import ReactECharts from 'echarts-for-react';
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { FigureKey, Overview } from '../../modules/statistics/statistics.schemas';
import { hoursOf as hours } from '../../shared/hours';
import { api, errorMessage, withQuery } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { dt } from './locale';

const t = dt.dashboard;
const c = t.columns;
/** Now, with its UTC fields reading China's calendar date. */
export const chinaNow = () => new Date(Date.now() + 8 * 3600_000);
const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

type Row = Record<string, string | number>;

/** One figure: its chart or its table (the same rows), and its Excel export. */
function FigureCard(props: {
  figure: FigureKey;
  exportQuery: Record<string, string | number | undefined>;
  chart: ReactNode;
  columns: ColumnsType<Row>;
  rows: Row[];
  onRow?: (row: Row) => void;
  extra?: ReactNode;
}) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const title = t.figures[props.figure];
  return (
    <Card
      title={<h2 className="rz-card-heading">{title}</h2>}
      data-figure={props.figure}
      extra={
        <Space wrap>
          {props.extra}
          <Segmented
            size="small"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            options={[
              { label: t.chart, value: 'chart' },
              { label: t.table, value: 'table' },
            ]}
            aria-label={`${title}：${t.chart}/${t.table}`}
          />
          <Button
            size="small"
            icon={<DownloadOutlined aria-hidden="true" />}
            href={withQuery('/api/statistics/overview.xlsx', { ...props.exportQuery, figure: props.figure })}
            download
          >
            {t.exportExcel}
          </Button>
        </Space>
      }
    >
      {view === 'chart' ? (
        props.chart
      ) : (
        <Table
          size="small"
          rowKey={(r) => String(r.key)}
          columns={props.columns}
          dataSource={props.rows}
          pagination={false}
          scroll={{ y: 320 }}
          onRow={(r) => (props.onRow ? { onClick: () => props.onRow!(r), style: { cursor: 'pointer' } } : {})}
        />
      )}
    </Card>
  );
}

const chartStyle = { height: 320, width: '100%' };

function barOption(names: string[], series: { name: string; data: number[] }[], horizontal = false) {
  const category = {
    type: 'category' as const,
    data: names,
    axisLabel: { interval: 0, rotate: horizontal ? 0 : names.length > 8 ? 35 : 0 },
  };
  const value = { type: 'value' as const };
  return {
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: horizontal ? 150 : 50, right: 20, bottom: 60, top: series.length > 1 ? 36 : 16 },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data })),
  };
}

export function DashboardPage() {
  useDocumentTitle(t.title);
  const [params, setParams] = useSearchParams();
  const [today] = useState(chinaNow);
  const regionCode = params.get('region') ?? undefined;
  const year = Number(params.get('year') ?? today.getUTCFullYear());
  const month = Number(params.get('month') ?? today.getUTCMonth() + 1);
  const query = { regionCode, year, month };
  const { data, error, isLoading } = useQuery({
    queryKey: ['statistics', 'overview', regionCode ?? '', year, month],
    queryFn: ({ signal }) => api.get<Overview>('/api/statistics/overview', { query, signal }),
    placeholderData: (previous) => previous,
  });
  const set = (next: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p);
  };
  const drill = (code: string) => {
    if (data?.drillable && code !== data.region.code) set({ region: code });
  };

  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (isLoading || !data) return <Spin tip={t.loading} />;
  const o = data;
  const exportQuery = { regionCode: o.region.code, year: o.year, month: o.month };

  const regionRows: Row[] = o.byRegion.map((r) => ({
    key: r.code,
    code: r.code,
    name: r.child ? r.name : `${r.name}`,
    teams: r.teams,
    volunteers: r.volunteers,
    veterans: r.veterans,
    hoursYear: hours(r.minutesYear),
    activitiesYear: r.activitiesYear,
  }));
  const kpis: { key: string; label: string; value: number | string }[] = [
    { key: 'teams', label: t.kpi.teams, value: o.totals.teams },
    { key: 'volunteers', label: t.kpi.volunteers, value: o.totals.volunteers },
    { key: 'veterans', label: t.kpi.veterans, value: o.totals.veterans },
    { key: 'hoursYear', label: t.kpi.hoursYear, value: hours(o.totals.minutesYear) },
    { key: 'hoursMonth', label: t.kpi.hoursMonth, value: hours(o.totals.minutesMonth) },
    { key: 'activitiesMonth', label: t.kpi.activitiesMonth, value: o.totals.activitiesMonth },
    { key: 'honours', label: t.kpi.honours, value: o.honoursYear },
  ];
  const coverageRows: Row[] = [
    { key: 'v', item: t.coverage.villages, total: o.coverage.villages, done: o.coverage.villagesCovered },
    { key: 'b', item: t.coverage.brands, total: o.coverage.counties, done: o.coverage.countiesWithBrand },
    { key: 'p', item: t.coverage.yearPlan, total: o.coverage.teams, done: o.coverage.teamsWithYearPlan },
    {
      key: 'm',
      item: t.coverage.monthArrangement(o.month),
      total: o.coverage.teams,
      done: o.coverage.teamsWithMonthArrangement,
    },
  ].map((r) => ({ ...r, ratio: `${pct(r.done, r.total)}%` }));

  return (
    <div className="rz-page rz-dashboard">
      <PageTitle
        extra={
          <Space wrap>
            <Select
              aria-label={t.year}
              value={o.year}
              onChange={(v) => set({ year: v })}
              options={Array.from({ length: 6 }, (_, i) => today.getUTCFullYear() - i).map((y) => ({
                value: y,
                label: `${y}年`,
              }))}
            />
            <InputNumber
              aria-label={t.month}
              min={1}
              max={12}
              value={o.month}
              suffix="月"
              onChange={(v) => v && set({ month: v })}
            />
            <Button
              icon={<DownloadOutlined aria-hidden="true" />}
              href={withQuery('/api/statistics/overview.xlsx', exportQuery)}
              download
            >
              {t.exportAll}
            </Button>
          </Space>
        }
      >
        {t.title}
      </PageTitle>
      <Breadcrumb
        className="rz-dashboard-path"
        items={o.path.map((p, i) => ({
          key: p.code,
          title:
            i < o.path.length - 1 ? (
              <a
                href={`?region=${p.code}`}
                onClick={(e) => {
                  e.preventDefault();
                  set({ region: p.code });
                }}
              >
                {p.name}
              </a>
            ) : (
              <span aria-current="page">{p.name}</span>
            ),
        }))}
      />
      <Row gutter={[12, 12]} className="rz-kpis" style={{ margin: '12px 0' }}>
        {kpis.map((k) => (
          <Col key={k.key} flex="1 1 160px">
            <Card size="small" data-kpi={k.key}>
              <Statistic title={k.label} value={k.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <FigureCard
            figure="byRegion"
            exportQuery={exportQuery}
            extra={
              o.drillable ? <Typography.Text type="secondary">{t.drillHint}</Typography.Text> : undefined
            }
            rows={regionRows}
            onRow={o.drillable ? (r) => drill(String(r.code)) : undefined}
            columns={[
              { title: c.region, dataIndex: 'name' },
              { title: c.teams, dataIndex: 'teams', align: 'right' },
              { title: c.volunteers, dataIndex: 'volunteers', align: 'right' },
              { title: c.veterans, dataIndex: 'veterans', align: 'right' },
              { title: c.hoursYear, dataIndex: 'hoursYear', align: 'right' },
              { title: c.activitiesYear, dataIndex: 'activitiesYear', align: 'right' },
            ]}
            chart={
              <ReactECharts
                style={{ ...chartStyle, height: Math.max(320, regionRows.length * 14) }}
                notMerge
                option={barOption(
                  regionRows.map((r) => String(r.name)),
                  [
                    { name: c.teams, data: regionRows.map((r) => Number(r.teams)) },
                    { name: c.volunteers, data: regionRows.map((r) => Number(r.volunteers)) },
                    { name: c.hoursYear, data: regionRows.map((r) => Number(r.hoursYear)) },
                  ],
                )}
                onEvents={{
                  click: (p: { dataIndex: number }) => {
                    const row = regionRows[p.dataIndex];
                    if (row) drill(String(row.code));
                  },
                }}
              />
            }
          />
        </Col>
        <Col xs={24} xl={10}>
          <FigureCard
            figure="coverage"
            exportQuery={exportQuery}
            rows={coverageRows}
            columns={[
              { title: c.item, dataIndex: 'item' },
              { title: c.total, dataIndex: 'total', align: 'right' },
              { title: c.done, dataIndex: 'done', align: 'right' },
              { title: c.ratio, dataIndex: 'ratio', align: 'right' },
            ]}
            chart={
              <div style={{ minHeight: 320, display: 'grid', gap: 16, alignContent: 'center' }}>
                {coverageRows.map((r) => (
                  <div key={r.key}>
                    <Typography.Text>
                      {r.item}：{r.done} / {r.total}
                    </Typography.Text>
                    <Progress
                      percent={pct(Number(r.done), Number(r.total))}
                      aria-label={`${r.item}：${r.done} / ${r.total}`}
                    />
                  </div>
                ))}
              </div>
            }
          />
        </Col>
        <Col xs={24} xl={14}>
          <FigureCard
            figure="monthly"
            exportQuery={exportQuery}
            rows={o.monthly.map((m) => ({
              key: m.month,
              month: m.month,
              hours: hours(m.minutes),
              records: m.records,
              activities: m.activities,
            }))}
            columns={[
              { title: c.month, dataIndex: 'month' },
              { title: c.hours, dataIndex: 'hours', align: 'right' },
              { title: c.records, dataIndex: 'records', align: 'right' },
              { title: c.activities, dataIndex: 'activities', align: 'right' },
            ]}
            chart={
              <ReactECharts
                style={chartStyle}
                notMerge
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 60, right: 50, bottom: 30, top: 36 },
                  xAxis: { type: 'category', data: o.monthly.map((m) => `${Number(m.month.slice(5))}月`) },
                  yAxis: [
                    { type: 'value', name: c.hours },
                    { type: 'value', name: c.activities },
                  ],
                  series: [
                    {
                      type: 'line',
                      name: c.hours,
                      smooth: true,
                      data: o.monthly.map((m) => hours(m.minutes)),
                    },
                    {
                      type: 'bar',
                      name: c.activities,
                      yAxisIndex: 1,
                      data: o.monthly.map((m) => m.activities),
                    },
                  ],
                }}
              />
            }
          />
        </Col>
        <Col xs={24} xl={10}>
          <FigureCard
            figure="byCategory"
            exportQuery={exportQuery}
            rows={o.byCategory.map((r) => ({ key: r.category, label: r.label, teams: r.teams }))}
            columns={[
              { title: c.category, dataIndex: 'label' },
              { title: c.teams, dataIndex: 'teams', align: 'right' },
            ]}
            chart={
              <ReactECharts
                style={chartStyle}
                notMerge
                option={{
                  tooltip: { trigger: 'item' },
                  legend: { bottom: 0 },
                  series: [
                    {
                      type: 'pie',
                      radius: ['35%', '65%'],
                      label: { show: false },
                      data: o.byCategory.map((r) => ({ name: r.label, value: r.teams })),
                    },
                  ],
                }}
              />
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <FigureCard
            figure="byField"
            exportQuery={exportQuery}
            rows={o.byField.map((r) => ({
              key: r.id || 'none',
              name: r.name,
              teams: r.teams,
              activities: r.activitiesYear,
            }))}
            columns={[
              { title: c.field, dataIndex: 'name' },
              { title: c.teams, dataIndex: 'teams', align: 'right' },
              { title: c.activitiesYear, dataIndex: 'activities', align: 'right' },
            ]}
            chart={
              <ReactECharts
                style={{ ...chartStyle, height: Math.max(320, o.byField.length * 24) }}
                notMerge
                option={barOption(
                  o.byField.map((r) => r.name),
                  [
                    { name: c.teams, data: o.byField.map((r) => r.teams) },
                    { name: c.activitiesYear, data: o.byField.map((r) => r.activitiesYear) },
                  ],
                  true,
                )}
              />
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <FigureCard
            figure="topTeams"
            exportQuery={exportQuery}
            rows={o.topTeams.map((r, i) => ({
              key: r.id,
              rank: i + 1,
              name: r.name,
              region: r.regionName,
              hours: hours(r.minutes),
            }))}
            columns={[
              { title: c.rank, dataIndex: 'rank', width: 60 },
              { title: c.team, dataIndex: 'name' },
              { title: c.teamRegion, dataIndex: 'region' },
              { title: c.hours, dataIndex: 'hours', align: 'right' },
            ]}
            chart={
              o.topTeams.length ? (
                <ReactECharts
                  style={chartStyle}
                  notMerge
                  option={barOption(
                    o.topTeams.map((r) => r.name),
                    [{ name: c.hours, data: o.topTeams.map((r) => hours(r.minutes)) }],
                    true,
                  )}
                />
              ) : (
                <div style={{ height: 320, display: 'grid', placeItems: 'center' }}>
                  <Typography.Text type="secondary">{t.empty}</Typography.Text>
                </div>
              )
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <FigureCard
            figure="stars"
            exportQuery={exportQuery}
            rows={o.stars.map((r) => ({
              key: r.level,
              star: r.level ? t.star(r.level) : t.noStar,
              volunteers: r.volunteers,
            }))}
            columns={[
              { title: c.star, dataIndex: 'star' },
              { title: c.volunteers, dataIndex: 'volunteers', align: 'right' },
            ]}
            chart={
              <ReactECharts
                style={chartStyle}
                notMerge
                option={barOption(
                  o.stars.map((r) => (r.level ? t.star(r.level) : t.noStar)),
                  [{ name: c.volunteers, data: o.stars.map((r) => r.volunteers) }],
                )}
              />
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <FigureCard
            figure="ages"
            exportQuery={exportQuery}
            rows={o.ages.map((r) => ({ key: r.band, band: r.band, volunteers: r.volunteers }))}
            columns={[
              { title: c.band, dataIndex: 'band' },
              { title: c.volunteers, dataIndex: 'volunteers', align: 'right' },
            ]}
            chart={
              <ReactECharts
                style={chartStyle}
                notMerge
                option={barOption(
                  o.ages.map((r) => r.band),
                  [{ name: c.volunteers, data: o.ages.map((r) => r.volunteers) }],
                )}
              />
            }
          />
        </Col>
      </Row>
    </div>
  );
}
