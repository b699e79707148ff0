import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useSearchParams } from 'react-router';
import { roleLabels, roles, type AuditEntry, type Role } from '../../shared/identity';
import { api, errorMessage } from '../api';
import { formatDateTimeSeconds, zh } from '../locale/zh-CN';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';

const t = zh.audit;
const PAGE_SIZE = 50;
const results = ['success', 'failure', 'denied'] as const;
type Result = (typeof results)[number];

interface Filter {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  result?: Result;
}

const filterKeys = ['from', 'to', 'username', 'action', 'result'] as const;
const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * The time inputs are read as Beijing time (the bureau's), whatever the browser's own zone, and sent
 * with an explicit +08:00 offset. The end of the range takes in its whole minute.
 */
export function shanghaiIso(local: string | undefined, end: boolean): string | undefined {
  if (!local || !localDateTime.test(local)) return undefined;
  return `${local}${end ? ':59.999' : ':00'}+08:00`;
}

function filterFrom(params: URLSearchParams): Filter {
  const result = params.get('result');
  return {
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    username: params.get('username') ?? undefined,
    action: params.get('action') ?? undefined,
    result: results.includes(result as Result) ? (result as Result) : undefined,
  };
}

function useAudit(filter: Filter, page: number) {
  return useQuery({
    queryKey: ['audit', filter, page],
    queryFn: ({ signal }) =>
      api.get<{ items: AuditEntry[]; total: number }>('/api/audit', {
        query: {
          from: shanghaiIso(filter.from, false),
          to: shanghaiIso(filter.to, true),
          username: filter.username || undefined,
          action: filter.action || undefined,
          result: filter.result,
          page,
          pageSize: PAGE_SIZE,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export const actionLabel = (action: string) => t.actions[action] ?? action;

function detailValue(key: string, value: unknown): string {
  if (typeof value === 'string') {
    if (key === 'reason') return t.reasons[value] ?? value;
    if ((key === 'role' || key === 'from' || key === 'to') && (roles as readonly string[]).includes(value))
      return roleLabels[value as Role];
    return value;
  }
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  return JSON.stringify(value);
}

/** The detail column: the stored JSON as 原因：密码错误 lines. */
function AuditDetail({ detail }: { detail: string | null }) {
  if (!detail) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return <span className="rz-audit-detail">{detail}</span>;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return <span className="rz-audit-detail">{detail}</span>;
  return (
    <span className="rz-audit-detail">
      {Object.entries(parsed).map(([key, value]) => (
        <span key={key} className="rz-audit-detail-item">
          {t.detailKeys[key] ?? key}：{detailValue(key, value)}
        </span>
      ))}
    </span>
  );
}

function ResultTag({ result }: { result: Result }) {
  return <Tag className={`rz-status rz-audit-${result}`}>{t.results[result]}</Tag>;
}

function FilterForm({ initial, onSearch }: { initial: Filter; onSearch: (f: Filter) => void }) {
  const [form] = Form.useForm<Filter>();
  return (
    <Form<Filter>
      form={form}
      name="audit-filter"
      layout="vertical"
      initialValues={initial}
      onFinish={onSearch}
      className="rz-filter-form"
    >
      <div className="rz-filter-grid">
        <Form.Item name="from" label={t.from}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="to" label={t.to}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="username" label={t.username}>
          <Input
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={64}
            placeholder={t.usernamePlaceholder}
          />
        </Form.Item>
        <Form.Item name="action" label={t.action}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t.actionPlaceholder}
            options={Object.entries(t.actions).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="result" label={t.result}>
          <Select
            allowClear
            placeholder={t.resultAll}
            options={results.map((r) => ({ value: r, label: t.results[r] }))}
          />
        </Form.Item>
      </div>
      <Space wrap className="rz-filter-actions">
        <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden="true" />}>
          {t.search}
        </Button>
        <Button
          icon={<ReloadOutlined aria-hidden="true" />}
          onClick={() => {
            form.setFieldsValue({
              from: undefined,
              to: undefined,
              username: undefined,
              action: undefined,
              result: undefined,
            });
            onSearch({});
          }}
        >
          {t.reset}
        </Button>
        <Typography.Text type="secondary">{t.timezoneNote}</Typography.Text>
      </Space>
    </Form>
  );
}

/** 审计日志 (auditor): who did what, when, from where, and with what result. */
export function AuditPage() {
  useDocumentTitle(t.title);
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const audit = useAudit(filter, page);

  const search = (next: Filter) =>
    setParams(() => {
      const copy = new URLSearchParams();
      for (const key of filterKeys) {
        const value = next[key]?.trim();
        if (value) copy.set(key, value);
      }
      return copy;
    });

  const setPage = (next: number) =>
    setParams((prev) => {
      const copy = new URLSearchParams(prev);
      if (next > 1) copy.set('page', String(next));
      else copy.delete('page');
      return copy;
    });

  const columns: TableColumnsType<AuditEntry> = [
    {
      key: 'at',
      title: t.columns.at,
      render: (_: unknown, e) => <span className="rz-nowrap">{formatDateTimeSeconds(e.at)}</span>,
    },
    {
      key: 'username',
      title: t.columns.username,
      render: (_: unknown, e) => <span className="rz-mono">{e.username ?? '—'}</span>,
    },
    {
      key: 'action',
      title: t.columns.action,
      render: (_: unknown, e) => (
        <span className="rz-audit-action">
          <span>{actionLabel(e.action)}</span>
          <span className="rz-audit-code rz-mono">{e.action}</span>
        </span>
      ),
    },
    { key: 'result', title: t.columns.result, render: (_: unknown, e) => <ResultTag result={e.result} /> },
    {
      key: 'target',
      title: t.columns.target,
      render: (_: unknown, e) =>
        e.targetType ? (
          <span>
            {t.targetTypes[e.targetType] ?? e.targetType}
            {e.targetId && (
              // Account ids are long UUIDs: the first block tells rows apart; the whole id is in the tooltip.
              <span className="rz-audit-code rz-mono" title={e.targetId}>
                {' '}
                {e.targetType === 'account' ? `${e.targetId.slice(0, 8)}…` : e.targetId}
              </span>
            )}
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'region',
      title: t.columns.region,
      render: (_: unknown, e) => <span className="rz-mono">{e.regionCode ?? '—'}</span>,
    },
    {
      key: 'ip',
      title: t.columns.ip,
      render: (_: unknown, e) => <span className="rz-mono">{e.ip ?? '—'}</span>,
    },
    { key: 'detail', title: t.columns.detail, render: (_: unknown, e) => <AuditDetail detail={e.detail} /> },
  ];

  return (
    <div className="rz-page">
      <Card>
        <div className="rz-region-heading rz-audit-heading">
          <PageTitle>{t.title}</PageTitle>
          {audit.data && <span className="rz-card-heading-meta">{t.total(audit.data.total)}</span>}
        </div>
        <section aria-label={t.filterTitle}>
          <FilterForm key={params.toString()} initial={filter} onSearch={search} />
        </section>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        {audit.isError ? (
          <div className="rz-card-padding">
            <Alert type="error" showIcon title={errorMessage(audit.error)} />
          </div>
        ) : (
          // The log is wide: it scrolls sideways in a region that keyboard users can focus and scroll too.
          <div className="rz-table-scroll" tabIndex={0} role="region" aria-label={t.tableCaption}>
            <Table<AuditEntry>
              className="rz-data-table rz-audit-table"
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={audit.data?.items ?? []}
              loading={audit.isFetching}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: audit.data?.total ?? 0,
                showSizeChanger: false,
                hideOnSinglePage: true,
                onChange: setPage,
              }}
              locale={{ emptyText: t.empty }}
              caption={<span className="rz-visually-hidden">{t.tableCaption}</span>}
            />
          </div>
        )}
      </Card>
    </div>
  );
}
