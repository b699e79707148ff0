import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Table, type TableColumnsType } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { activityStatuses, type Activity, type ActivityStatus } from '../../shared/activities';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { at } from './locale';
import { Failed, formatRange, StatusTag } from './parts';
import { useActivities } from './queries';

const t = at.list;

/** 活动管理: the activities of one's area, newest first, filtered by status (kept in the URL). */
export function ActivitiesPage() {
  useDocumentTitle(t.title);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = activityStatuses.includes(raw as ActivityStatus) ? (raw as ActivityStatus) : undefined;
  const list = useActivities({ status });

  const columns: TableColumnsType<Activity> = [
    {
      title: t.colTitle,
      dataIndex: 'title',
      render: (title: string, a) => <Link to={`/activities/${a.id}`}>{title}</Link>,
    },
    { title: t.colTeam, dataIndex: 'teamName', responsive: ['md'] },
    { title: t.colTime, key: 'time', render: (_, a) => formatRange(a.startsAt, a.endsAt) },
    { title: t.colPlace, dataIndex: 'place', responsive: ['lg'] },
    {
      title: t.colSignups,
      key: 'signups',
      render: (_, a) => t.signups(a.accepted, a.capacity, a.waitlisted),
    },
    { title: t.colStatus, dataIndex: 'status', render: (s: ActivityStatus) => <StatusTag status={s} /> },
  ];

  return (
    <div className="rz-page">
      <PageTitle
        extra={
          <>
            <Link to="/activities/record-requests" className="ant-btn ant-btn-default rz-act-link-button">
              {t.requests}
            </Link>
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden="true" />}
              onClick={() => navigate('/activities/new')}
            >
              {t.create}
            </Button>
          </>
        }
      >
        {t.title}
      </PageTitle>
      <Card>
        <div className="rz-act-filters">
          <label htmlFor="rz-act-status-filter" className="rz-act-filter-label">
            {t.status}
          </label>
          <Select
            id="rz-act-status-filter"
            value={status ?? ''}
            onChange={(v: string) => setParams(v ? { status: v } : {})}
            options={[
              { value: '', label: t.allStatuses },
              ...activityStatuses.map((s) => ({ value: s, label: at.labels.status[s] })),
            ]}
            className="rz-act-filter-select"
          />
        </div>
        {list.isError ? (
          <Failed error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Activity>
            rowKey="id"
            columns={columns}
            dataSource={list.data ?? []}
            loading={list.isLoading}
            locale={{ emptyText: t.empty }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
          />
        )}
      </Card>
    </div>
  );
}
