import { DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import {
  reportSectionKeys,
  type ReportTexts,
  type WorkReport,
} from '../../modules/statistics/statistics.schemas';
import { api, errorMessage, withQuery } from '../api';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { chinaToday } from '../../shared/dates';
import { hoursOf as hours } from '../../shared/hours';
import { chinaNow } from './DashboardPage';
import { dt } from './locale';

const t = dt.reports;
const w = t.work;

function DownloadLink({ href, children, disabled }: { href: string; children: string; disabled?: boolean }) {
  return (
    <Button href={href} download disabled={disabled} icon={<DownloadOutlined aria-hidden="true" />}>
      {children}
    </Button>
  );
}

/** 工作情况报告: the numbers from the database and the text staff wrote, saved per region and period. */
function WorkReportCard() {
  const [today] = useState(() => chinaToday());
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const [form] = Form.useForm<ReportTexts>();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const valid = from && to && from <= to;
  const query = { from, to };
  const { data, error, isFetching } = useQuery({
    queryKey: ['statistics', 'work-report', from, to],
    queryFn: ({ signal }) => api.get<WorkReport>('/api/statistics/reports/work', { query, signal }),
    enabled: !!valid,
  });
  useEffect(() => {
    if (data) form.setFieldsValue(data.texts);
  }, [data, form]);
  const save = useMutation({
    mutationFn: (texts: ReportTexts) =>
      api.put<WorkReport>(withQuery('/api/statistics/reports/work', query), { texts }),
    onSuccess: (report) => {
      client.setQueryData(['statistics', 'work-report', from, to], report);
      void message.success(w.saved);
    },
  });
  const n = data?.numbers;
  return (
    <Card title={<h2 className="rz-card-heading">{w.title}</h2>} data-report="work">
      <Typography.Paragraph type="secondary">{w.lead}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{w.period}</span>
        <Input
          type="date"
          aria-label={`${w.period}起`}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <span>至</span>
        <Input type="date" aria-label={`${w.period}止`} value={to} onChange={(e) => setTo(e.target.value)} />
        <DownloadLink href={withQuery('/api/statistics/reports/work.docx', query)}>{w.docx}</DownloadLink>
        <DownloadLink href={withQuery('/api/statistics/reports/work.pdf', query)}>{w.pdf}</DownloadLink>
      </Space>
      {error && <Alert type="error" showIcon title={errorMessage(error)} />}
      {isFetching && !data && <Spin />}
      {n && (
        <Descriptions
          size="small"
          bordered
          title={w.numbers}
          column={{ xs: 1, md: 3, xl: 4 }}
          items={[
            { key: 't', label: w.teams, children: n.teams },
            { key: 'v', label: w.volunteers, children: n.volunteers },
            { key: 'vt', label: w.veterans, children: n.veterans },
            { key: 'h', label: w.hours, children: hours(n.minutes) },
            { key: 'r', label: w.records, children: n.records },
            { key: 'a', label: w.activities, children: n.activities },
            { key: 'ho', label: w.honours, children: n.honours.length },
          ]}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form form={form} layout="vertical" onFinish={(texts) => save.mutate(texts)}>
        {reportSectionKeys.map((k) => (
          <Form.Item key={k} name={k} label={w.sections[k]} rules={[{ max: 4000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
          </Form.Item>
        ))}
        {save.error && <Alert type="error" showIcon title={errorMessage(save.error)} />}
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined aria-hidden="true" />}
            loading={save.isPending}
          >
            {w.save}
          </Button>
          {data?.savedAt && (
            <Typography.Text type="secondary">
              {w.savedAt(new Date(data.savedAt).toLocaleString('zh-CN'))}
            </Typography.Text>
          )}
        </Space>
      </Form>
    </Card>
  );
}

export function ReportsPage() {
  useDocumentTitle(t.title);
  const [now] = useState(chinaNow);
  const [year, setYear] = useState(now.getUTCFullYear());
  const [month, setMonth] = useState(now.getUTCMonth() + 1);
  const [annualYear, setAnnualYear] = useState(now.getUTCFullYear());
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const e = t.exchange;
  const me = useMe();
  // Full ID numbers: the city and county bureaus, asked for with a reason (the server decides again).
  const mayReveal = me.account.role === 'city_admin' || me.account.role === 'county_admin';
  const [reveal, setReveal] = useState(false);
  const [reason, setReason] = useState('');
  const revealReady = !reveal || reason.trim().length >= 2;
  const exchangeHref = (kind: string, format: 'xlsx' | 'csv', period: { from?: string; to?: string } = {}) =>
    withQuery(`/api/statistics/exchange/${kind}`, {
      format,
      ...period,
      ...(reveal ? { reveal: '1', reason: reason.trim() } : {}),
    });
  return (
    <div className="rz-page">
      <PageTitle>{t.title}</PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <WorkReportCard />
        </Col>
        <Col xs={24} md={12}>
          <Card title={<h2 className="rz-card-heading">{t.monthly.title}</h2>}>
            <Space wrap>
              <InputNumber
                aria-label="年"
                min={2000}
                max={2100}
                value={year}
                suffix="年"
                onChange={(v) => v && setYear(v)}
              />
              <InputNumber
                aria-label="月"
                min={1}
                max={12}
                value={month}
                suffix="月"
                onChange={(v) => v && setMonth(v)}
              />
              <DownloadLink href={withQuery('/api/statistics/reports/monthly.xlsx', { year, month })}>
                {t.monthly.download}
              </DownloadLink>
            </Space>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={<h2 className="rz-card-heading">{t.annual.title}</h2>}>
            <Space wrap>
              <InputNumber
                aria-label="年度"
                min={2000}
                max={2100}
                value={annualYear}
                suffix="年"
                onChange={(v) => v && setAnnualYear(v)}
              />
              <DownloadLink href={withQuery('/api/statistics/reports/annual.xlsx', { year: annualYear })}>
                {t.annual.download}
              </DownloadLink>
            </Space>
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={<h2 className="rz-card-heading">{e.title}</h2>}>
            <Typography.Paragraph type="secondary">{e.lead}</Typography.Paragraph>
            <Space direction="vertical" size="middle">
              {mayReveal && (
                <Space wrap>
                  <Checkbox checked={reveal} onChange={(ev) => setReveal(ev.target.checked)}>
                    {e.reveal}
                  </Checkbox>
                  {reveal && (
                    <Input
                      aria-label={e.reason}
                      placeholder={e.reasonPlaceholder}
                      value={reason}
                      maxLength={200}
                      style={{ width: 320 }}
                      onChange={(ev) => setReason(ev.target.value)}
                    />
                  )}
                  {!revealReady && <Typography.Text type="warning">{e.reasonNeeded}</Typography.Text>}
                </Space>
              )}
              {(['volunteers', 'teams'] as const).map((kind) => (
                <Space key={kind} wrap>
                  <Typography.Text strong style={{ display: 'inline-block', minWidth: 110 }}>
                    {e[kind]}
                  </Typography.Text>
                  <DownloadLink href={exchangeHref(kind, 'xlsx')} disabled={!revealReady}>
                    {e.xlsx}
                  </DownloadLink>
                  <DownloadLink href={exchangeHref(kind, 'csv')} disabled={!revealReady}>
                    {e.csv}
                  </DownloadLink>
                </Space>
              ))}
              <Space wrap>
                <Typography.Text strong style={{ display: 'inline-block', minWidth: 110 }}>
                  {e.records}
                </Typography.Text>
                <span>{e.recordsPeriod}</span>
                <Input
                  type="date"
                  aria-label={`${e.recordsPeriod}起`}
                  value={from}
                  onChange={(ev) => setFrom(ev.target.value)}
                />
                <span>至</span>
                <Input
                  type="date"
                  aria-label={`${e.recordsPeriod}止`}
                  value={to}
                  onChange={(ev) => setTo(ev.target.value)}
                />
                <DownloadLink href={exchangeHref('records', 'xlsx', { from, to })} disabled={!revealReady}>
                  {e.xlsx}
                </DownloadLink>
                <DownloadLink href={exchangeHref('records', 'csv', { from, to })} disabled={!revealReady}>
                  {e.csv}
                </DownloadLink>
              </Space>
            </Space>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
