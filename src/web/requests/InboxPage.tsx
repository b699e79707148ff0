import { Badge, Button, Card, List, Space } from 'antd';
import { useNavigate } from 'react-router';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { rt } from './locale';
import { Failed, formatDateTime } from './parts';
import { useInbox, useMarkRead } from './queries';

const t = rt.inbox;

/** 消息: everyone's inbox. Opening a message marks it read. */
export function InboxPage() {
  useDocumentTitle(t.title);
  const inbox = useInbox();
  const mark = useMarkRead();
  const navigate = useNavigate();
  return (
    <div className="rz-page">
      <PageTitle
        extra={
          <Button
            disabled={!inbox.data?.unread}
            loading={mark.isPending}
            onClick={() => mark.mutate({ all: true })}
          >
            {t.markAll}
          </Button>
        }
      >
        {t.title}
      </PageTitle>
      <Card>
        {inbox.isError ? (
          <Failed error={inbox.error} onRetry={() => void inbox.refetch()} />
        ) : (
          <List
            loading={inbox.isLoading}
            dataSource={inbox.data?.items ?? []}
            locale={{ emptyText: t.empty }}
            renderItem={(n) => (
              <List.Item
                className={n.read ? undefined : 'rz-req-unread'}
                actions={
                  n.link
                    ? [
                        <Button
                          key="open"
                          type="link"
                          onClick={() => {
                            if (!n.read) mark.mutate({ ids: [n.id] });
                            navigate(n.link!);
                          }}
                        >
                          {t.open}
                        </Button>,
                      ]
                    : []
                }
                onClick={() => {
                  if (!n.read) mark.mutate({ ids: [n.id] });
                }}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      {!n.read && <Badge status="processing" text={t.unread} />}
                      <span>{n.title}</span>
                    </Space>
                  }
                  description={
                    <>
                      <div className="rz-req-body">{n.body}</div>
                      <div className="rz-req-muted">{formatDateTime(n.createdAt)}</div>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}
