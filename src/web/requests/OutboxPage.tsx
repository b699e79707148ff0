import { Card, Table, Tag } from 'antd';
import type { OutboxEntry } from '../../shared/notifications';
import { outboundChannelLabels } from '../../shared/notifications';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { rt } from './locale';
import { Failed, formatDateTime } from './parts';
import { useOutbox } from './queries';

const t = rt.outbox;

/** 外发记录: what the SMS / WeChat channels sent (in development: would have sent). */
export function OutboxPage() {
  useDocumentTitle(t.title);
  const outbox = useOutbox();
  return (
    <div className="rz-page">
      <PageTitle>{t.title}</PageTitle>
      <Card>
        <p className="rz-req-muted">{t.intro}</p>
        {outbox.isError ? (
          <Failed error={outbox.error} onRetry={() => void outbox.refetch()} />
        ) : (
          <Table<OutboxEntry>
            rowKey="id"
            size="small"
            loading={outbox.isLoading}
            dataSource={outbox.data?.items ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              {
                title: t.colTime,
                dataIndex: 'createdAt',
                width: 180,
                render: (v: string) => formatDateTime(v),
              },
              {
                title: t.colChannel,
                dataIndex: 'channel',
                width: 130,
                render: (c: OutboxEntry['channel']) => outboundChannelLabels[c],
              },
              { title: t.colRecipient, dataIndex: 'recipient', width: 180 },
              { title: t.colBody, dataIndex: 'body' },
              {
                title: t.colStatus,
                dataIndex: 'status',
                width: 150,
                render: (s: OutboxEntry['status']) => (
                  <Tag color={s === 'failed' ? 'red' : s === 'sent' ? 'green' : 'default'}>{t.status[s]}</Tag>
                ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
