import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Checkbox, Select, Space, Table, type TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { requestStatuses, type RequestStatus, type RequestSummary } from '../../shared/requests';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { rt } from './locale';
import { Failed, formatDateTime, OverdueTag, RequestStatusTag } from './parts';
import { useOverdueCount, useRequests } from './queries';

const t = rt.list;

/** 群众点单: the requests of one's area (or one's team), filtered by status and overdue (kept in the URL). */
export function RequestsPage() {
  useDocumentTitle(t.title);
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = requestStatuses.includes(raw as RequestStatus) ? (raw as RequestStatus) : undefined;
  const overdue = params.get('overdue') === '1';
  const list = useRequests({ status, overdue });
  const overdueCount = useOverdueCount();

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const columns: TableColumnsType<RequestSummary> = [
    {
      title: t.colNo,
      dataIndex: 'requestNo',
      render: (no: string, r) => <Link to={`/requests/${r.id}`}>{no}</Link>,
    },
    { title: t.colField, dataIndex: 'fieldName' },
    { title: t.colPlace, dataIndex: 'placeName', responsive: ['md'] },
    {
      title: t.colWanted,
      dataIndex: 'wantedAt',
      render: (v: string) => formatDateTime(v),
      responsive: ['lg'],
    },
    { title: t.colTeam, dataIndex: 'teamName', render: (v: string | null) => v ?? '—' },
    {
      title: t.colStatus,
      key: 'status',
      render: (_, r) => (
        <Space size={4} wrap>
          <RequestStatusTag status={r.status} />
          <OverdueTag step={r.overdue} />
        </Space>
      ),
    },
    {
      title: t.colDue,
      key: 'due',
      responsive: ['lg'],
      render: (_, r) =>
        r.status === 'submitted'
          ? formatDateTime(r.dispatchDueAt)
          : r.status === 'dispatched'
            ? formatDateTime(r.acceptDueAt)
            : '—',
    },
  ];

  return (
    <div className="rz-page">
      <PageTitle
        extra={
          <Link to="/requests/new">
            <Button icon={<PlusOutlined aria-hidden="true" />}>{t.fileForResident}</Button>
          </Link>
        }
      >
        {t.title}
      </PageTitle>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            aria-label={t.colStatus}
            style={{ minWidth: 160 }}
            value={status ?? ''}
            onChange={(v) => set('status', v || undefined)}
            options={[
              { value: '', label: t.allStatuses },
              ...requestStatuses.map((s) => ({ value: s, label: rt.status[s] })),
            ]}
          />
          <Checkbox checked={overdue} onChange={(e) => set('overdue', e.target.checked ? '1' : undefined)}>
            {t.overdueOnly}
          </Checkbox>
          {overdueCount.data?.count ? (
            <Badge count={overdueCount.data.count} overflowCount={999}>
              <span className="rz-req-overdue-label">{t.overdueBadge(overdueCount.data.count)}</span>
            </Badge>
          ) : null}
        </Space>
        {list.isError ? (
          <Failed error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table
            rowKey="id"
            loading={list.isLoading}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t.empty }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
          />
        )}
      </Card>
    </div>
  );
}
