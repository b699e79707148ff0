import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { formatDateTime, pt } from './locale';
import { Failed, StoryStatusTag } from './parts';
import { useStories } from './queries';
import { storyStatuses, type StoryListItem, type StoryStatus } from './types';

const t = pt.list;

/** 稿件管理: the stories of one's region (or one's own), newest change first. */
export function StoriesPage() {
  useDocumentTitle(t.title);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = storyStatuses.includes(raw as StoryStatus) ? (raw as StoryStatus) : undefined;
  const [q, setQ] = useState('');
  const list = useStories({ status, q: q || undefined });

  const columns: TableColumnsType<StoryListItem> = [
    {
      title: t.colTitle,
      dataIndex: 'title',
      render: (title: string, s) => <Link to={`/publicity/stories/${s.id}`}>{title}</Link>,
    },
    {
      title: t.colChannel,
      dataIndex: 'channel',
      render: (c: StoryListItem['channel']) => pt.labels.channel[c],
    },
    {
      title: t.colSubject,
      key: 'subject',
      responsive: ['md'],
      render: (_, s) =>
        s.subjectKind && s.subjectName ? `${pt.labels.subjectKind[s.subjectKind]}：${s.subjectName}` : '—',
    },
    { title: t.colRegion, dataIndex: 'regionName', responsive: ['lg'] },
    { title: t.colStatus, dataIndex: 'status', render: (s: StoryStatus) => <StoryStatusTag status={s} /> },
    {
      title: t.colUpdated,
      dataIndex: 'updatedAt',
      responsive: ['lg'],
      render: (v: string) => formatDateTime(v),
    },
  ];

  return (
    <div className="rz-page">
      <PageTitle
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden="true" />}
            onClick={() => navigate('/publicity/stories/new')}
          >
            {t.create}
          </Button>
        }
      >
        {t.title}
      </PageTitle>
      <Card>
        <div className="rz-pub-filters">
          <label htmlFor="rz-pub-status" className="rz-pub-filter-label">
            {t.status}
          </label>
          <Select
            id="rz-pub-status"
            value={status ?? ''}
            onChange={(v: string) => setParams(v ? { status: v } : {})}
            options={[
              { value: '', label: t.allStatuses },
              ...storyStatuses.map((s) => ({ value: s, label: pt.labels.status[s] })),
            ]}
            className="rz-pub-filter-select"
          />
          <Input.Search
            allowClear
            placeholder={t.search}
            aria-label={t.search}
            onSearch={setQ}
            className="rz-pub-filter-search"
          />
        </div>
        {list.isError ? (
          <Failed error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<StoryListItem>
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
