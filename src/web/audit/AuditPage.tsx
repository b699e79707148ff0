import {
  CheckCircleOutlined,
  DownloadOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { auditActionLabel, auditActionLabels } from '../../shared/auditActions';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { roleLabels, roles, type AuditEntry, type Role } from '../../shared/identity';
import { api, withQuery } from '../api';
import { ListHeader } from '../components/ListHeader';
import { PagedTable } from '../components/PagedTable';
import { useListQuery } from '../components/useListQuery';
import { formatDateTimeSeconds, zh } from '../locale/zh-CN';
import { RegionCascader } from '../registry/RegionCascader';
import { useDocumentTitle } from '../useDocumentTitle';
import { auditText } from './locale';

const t = zh.audit;
const PAGE_SIZE = 50;
const results = ['success', 'failure', 'denied'] as const;
type Result = (typeof results)[number];

interface Filter {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  regionCode?: string;
  result?: Result;
}

const filterKeys = ['from', 'to', 'username', 'action', 'regionCode', 'result'] as const;
const regionCodePattern = /^\d{12}$/;
const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * The time inputs are read as Beijing time (the bureau's), whatever the browser's own zone, and sent
 * with an explicit +08:00 offset. The end of the range takes in its whole minute.
 */
export function shanghaiIso(local: string | undefined, end: boolean): string | undefined {
  if (!local || !localDateTime.test(local)) return undefined;
  return `${local}${end ? ':59.999' : ':00'}+08:00`;
}

/** The filter as the URL holds it, with values the server would refuse left out. */
function filterFrom(query: Partial<Record<(typeof filterKeys)[number], string>>): Filter {
  const { result, regionCode } = query;
  return {
    from: query.from,
    to: query.to,
    username: query.username,
    action: query.action,
    regionCode: regionCode && regionCodePattern.test(regionCode) ? regionCode : undefined,
    result: results.includes(result as Result) ? (result as Result) : undefined,
  };
}

/** The filter as the API takes it (both the list and the export). */
function apiFilter(filter: Filter) {
  return {
    from: shanghaiIso(filter.from, false),
    to: shanghaiIso(filter.to, true),
    username: filter.username || undefined,
    action: filter.action || undefined,
    regionCode: filter.regionCode,
    result: filter.result,
  };
}

function useAudit(filter: Filter, page: number) {
  return useQuery({
    queryKey: ['audit', filter, page],
    queryFn: ({ signal }) =>
      api.get<{ items: AuditEntry[]; total: number }>('/api/audit', {
        query: { ...apiFilter(filter), page, pageSize: PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export const actionLabel = auditActionLabel;

interface ChainStatus {
  ok: boolean;
  rows: number;
  anchorSeq: number;
  broken: { id: number; at: string; action: string; seq: number | null; reason: string } | null;
}

/** 审计链 status: the server walks the hash chain from its anchor and names the first broken row. */
function ChainIndicator() {
  const chain = useQuery({
    queryKey: ['audit', 'chain'],
    queryFn: ({ signal }) => api.get<ChainStatus>('/api/audit/chain', { signal }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const status = chain.data;
  return (
    <Space size={4} className="rz-audit-chain" aria-live="polite" title={auditText.chainHint}>
      <SafetyCertificateOutlined aria-hidden="true" />
      <span>{auditText.chainLabel}：</span>
      {chain.isFetching ? (
        <Tag className="rz-audit-chain-checking">{auditText.chainChecking}</Tag>
      ) : chain.isError || !status ? (
        <Tag className="rz-status rz-audit-failure">{auditText.chainError}</Tag>
      ) : status.ok ? (
        <Tag
          className="rz-status rz-audit-success"
          icon={<CheckCircleOutlined aria-hidden="true" />}
          data-chain="ok"
        >
          {auditText.chainOk(status.rows)}
        </Tag>
      ) : (
        <Tag
          className="rz-status rz-audit-denied"
          icon={<WarningOutlined aria-hidden="true" />}
          data-chain="broken"
          title={
            status.broken
              ? auditText.chainBrokenDetail(
                  formatDateTimeSeconds(status.broken.at),
                  actionLabel(status.broken.action),
                  auditText.chainReasons[status.broken.reason] ?? status.broken.reason,
                )
              : undefined
          }
        >
          {auditText.chainBroken(status.broken?.id ?? 0)}
        </Tag>
      )}
      <Button size="small" type="link" onClick={() => void chain.refetch()} disabled={chain.isFetching}>
        {auditText.chainRecheck}
      </Button>
    </Space>
  );
}

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
            options={Object.entries(auditActionLabels).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="regionCode" label={auditText.region}>
          <RegionCascader placeholder={auditText.regionPlaceholder} />
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
              regionCode: undefined,
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
  const { query, page, replace, setPage, params } = useListQuery(filterKeys, PAGE_SIZE);
  const filter = filterFrom(query);
  const audit = useAudit(filter, page);

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
      <ListHeader
        title={t.title}
        total={audit.data && t.total(audit.data.total)}
        actions={
          <Space wrap>
            <ChainIndicator />
            <Button
              href={withQuery('/api/audit/export.xlsx', apiFilter(filter))}
              download
              icon={<DownloadOutlined aria-hidden="true" />}
              title={auditText.exportHint}
            >
              {auditText.exportExcel}
            </Button>
          </Space>
        }
      >
        <section aria-label={t.filterTitle}>
          <FilterForm key={params.toString()} initial={filter} onSearch={replace} />
        </section>
      </ListHeader>
      <PagedTable<AuditEntry>
        list={audit}
        columns={columns}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
        className="rz-data-table rz-audit-table"
        emptyText={t.empty}
        caption={t.tableCaption}
        scroll="region"
      />
    </div>
  );
}
