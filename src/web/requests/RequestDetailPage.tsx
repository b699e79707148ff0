import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Space,
  Tag,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { RequestDetail } from '../../shared/requests';
import { errorMessage } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { rt } from './locale';
import { Failed, formatDateTime, Loading, OverdueTag, RequestStatusTag } from './parts';
import { useRequest, useRequestAction, useSuggestions } from './queries';

const t = rt.detail;

function Suggestions({ request }: { request: RequestDetail }) {
  const { message } = App.useApp();
  const suggestions = useSuggestions(request.id, request.canDispatch);
  const action = useRequestAction(request.id);
  if (!request.canDispatch) return null;
  return (
    <Card title={t.suggestions}>
      {suggestions.isError ? (
        <Failed error={suggestions.error} onRetry={() => void suggestions.refetch()} />
      ) : (
        <List
          loading={suggestions.isLoading}
          dataSource={suggestions.data?.items ?? []}
          locale={{ emptyText: t.noSuggestions }}
          pagination={{ pageSize: 8, hideOnSinglePage: true, size: 'small' }}
          renderItem={(s) => (
            <List.Item
              actions={[
                <Button
                  key="dispatch"
                  type="primary"
                  loading={action.isPending && action.variables?.body !== undefined}
                  aria-label={`${t.dispatch}：${s.teamName}`}
                  onClick={() =>
                    action.mutate(
                      { action: 'dispatch', body: { teamId: s.teamId } },
                      {
                        onSuccess: () => void message.success(t.dispatched),
                        onError: (e) => void message.error(errorMessage(e)),
                      },
                    )
                  }
                >
                  {t.dispatch}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>{s.teamName}</span>
                    <Tag color={s.tier === 'village' ? 'green' : s.tier === 'township' ? 'blue' : 'default'}>
                      {t.tiers[s.tier]}
                    </Tag>
                    <Tag>{t.open(s.openAssignments)}</Tag>
                  </Space>
                }
                description={`${s.regionName} · ${s.reason}`}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function Answer({ request }: { request: RequestDetail }) {
  const { message } = App.useApp();
  const action = useRequestAction(request.id);
  const [declining, setDeclining] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  if (!request.canAnswer && !request.canComplete) return null;
  return (
    <Card>
      <Space wrap>
        {request.canAnswer && (
          <>
            <Button
              type="primary"
              size="large"
              loading={action.isPending}
              onClick={() =>
                action.mutate(
                  { action: 'accept' },
                  {
                    onSuccess: () => void message.success(t.accepted),
                    onError: (e) => void message.error(errorMessage(e)),
                  },
                )
              }
            >
              {t.accept}
            </Button>
            <Button size="large" danger onClick={() => setDeclining(true)}>
              {t.decline}
            </Button>
          </>
        )}
        {request.canComplete && (
          <Popconfirm
            title={t.completeConfirm}
            okText={t.complete}
            cancelText={rt.common.cancel}
            onConfirm={() =>
              action.mutate(
                { action: 'complete' },
                {
                  onSuccess: () => void message.success(t.completed),
                  onError: (e) => void message.error(errorMessage(e)),
                },
              )
            }
          >
            <Button type="primary" size="large" loading={action.isPending}>
              {t.complete}
            </Button>
          </Popconfirm>
        )}
      </Space>
      <Modal
        title={t.declineTitle}
        open={declining}
        okText={t.decline}
        cancelText={rt.common.cancel}
        okButtonProps={{ danger: true, loading: action.isPending }}
        onCancel={() => setDeclining(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            action.mutate(
              { action: 'decline', body: { reason: v.reason } },
              {
                onSuccess: () => {
                  setDeclining(false);
                  void message.success(t.declined);
                },
                onError: (e) => void message.error(errorMessage(e)),
              },
            )
          }
        >
          <Form.Item
            name="reason"
            label={t.declineReason}
            rules={[{ required: true, whitespace: true, min: 2, message: t.declineReasonRequired }]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** One request: what is asked, where it stands, who may act on it now. */
export function RequestDetailPage() {
  const { id = '' } = useParams();
  const request = useRequest(id);
  useDocumentTitle(request.data ? t.title(request.data.requestNo) : rt.list.title);
  if (request.isLoading) return <Loading />;
  if (request.isError || !request.data)
    return <Failed error={request.error} onRetry={() => void request.refetch()} />;
  const r = request.data;
  return (
    <div className="rz-page">
      <PageTitle
        extra={
          <Space>
            <RequestStatusTag status={r.status} />
            <OverdueTag step={r.overdue} />
          </Space>
        }
      >
        {t.title(r.requestNo)}
      </PageTitle>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
            <Descriptions.Item label={t.field}>{r.fieldName}</Descriptions.Item>
            <Descriptions.Item label={t.source}>
              {r.source === 'public' ? '群众点单' : '站点代报'}
            </Descriptions.Item>
            <Descriptions.Item label={t.place}>{r.placeName}</Descriptions.Item>
            <Descriptions.Item label={t.address}>{r.address}</Descriptions.Item>
            <Descriptions.Item label={t.wanted}>{formatDateTime(r.wantedAt)}</Descriptions.Item>
            <Descriptions.Item label={t.contact}>
              {r.contactName} {r.phone}
            </Descriptions.Item>
            <Descriptions.Item label={t.description} span={2}>
              {r.description}
            </Descriptions.Item>
            <Descriptions.Item label={t.team}>{r.teamName ?? '—'}</Descriptions.Item>
            {r.status === 'submitted' || r.status === 'dispatched' ? (
              <Descriptions.Item label={r.status === 'dispatched' ? t.acceptDue : t.dispatchDue}>
                {formatDateTime(r.status === 'dispatched' ? r.acceptDueAt : r.dispatchDueAt)}
              </Descriptions.Item>
            ) : (
              <Descriptions.Item label={t.acceptedAt}>{formatDateTime(r.acceptedAt)}</Descriptions.Item>
            )}
            {r.activityId && (
              <Descriptions.Item label={t.activity}>
                <Link to={`/activities/${r.activityId}`}>{t.openActivity}</Link>
              </Descriptions.Item>
            )}
            {r.rating !== null && (
              <Descriptions.Item label={t.rating} span={2}>
                <span className="rz-req-stars">{t.stars(r.rating)}</span> {r.ratingComment}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        <Answer request={r} />
        <Suggestions request={r} />
        {r.assignments.length > 0 && (
          <Card title={t.history}>
            <Timeline
              items={r.assignments.map((a) => ({
                color: a.status === 'declined' ? 'red' : a.status === 'accepted' ? 'green' : 'blue',
                children: (
                  <div>
                    <strong>{a.teamName}</strong> · {t.assignmentStatus[a.status]} ·{' '}
                    {formatDateTime(a.dispatchedAt)}
                    <div className="rz-req-muted">{t.dispatchedBy(a.dispatchedByName)}</div>
                    {a.reason && <div>退回原因：{a.reason}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        )}
      </Space>
    </div>
  );
}
