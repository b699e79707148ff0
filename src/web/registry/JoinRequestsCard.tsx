import { Alert, App, Button, Card, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api';
import { formatDateTime } from '../locale/zh-CN';
import { rz } from './locale';
import { useDecideJoin, useJoinRequests, type JoinRequest } from './queries';

const t = rz.volunteers.joinRequests;

/**
 * 待审批入队申请: teams elsewhere ask for people registered here. Shown only when there are some;
 * the side that holds the person's record decides.
 */
export function JoinRequestsCard() {
  const requests = useJoinRequests();
  const decide = useDecideJoin();
  const { message } = App.useApp();
  const [rejecting, setRejecting] = useState<JoinRequest | null>(null);
  const [form] = Form.useForm<{ reason?: string }>();
  const [error, setError] = useState<string | null>(null);

  const items = requests.data ?? [];
  if (items.length === 0) return null;

  const run = (request: JoinRequest, approve: boolean, reason?: string) =>
    decide.mutate(
      { id: request.id, approve, reason },
      {
        onSuccess: () => {
          void message.success(approve ? t.approved : t.rejected);
          setRejecting(null);
          form.resetFields();
        },
        onError: (e) => (approve ? void message.error(errorMessage(e)) : setError(errorMessage(e))),
      },
    );

  return (
    <Card
      className="rz-reg-join-card"
      title={
        <h2 className="rz-card-heading">
          {t.title}
          <span className="rz-card-heading-meta">{rz.common.total(items.length)}</span>
        </h2>
      }
    >
      <Typography.Paragraph>{t.intro}</Typography.Paragraph>
      <ul className="rz-reg-join-list">
        {items.map((r) => (
          <li key={r.id} className="rz-reg-join-item">
            <div className="rz-reg-join-text">
              <Link to={`/volunteers/${r.volunteerId}`} className="rz-reg-strong-link">
                {t.who(r.volunteerName)}
              </Link>
              <span>{t.to(r.teamName, r.teamRegionName)}</span>
              <span className="rz-reg-muted">
                {t.role(rz.labels.role[r.role])} · {t.at(formatDateTime(r.requestedAt))}
              </span>
            </div>
            <div className="rz-reg-join-buttons">
              <Button
                type="primary"
                onClick={() => run(r, true)}
                loading={decide.isPending && decide.variables?.id === r.id && decide.variables.approve}
                aria-label={`${t.approve}：${r.volunteerName}`}
              >
                {t.approve}
              </Button>
              <Button
                onClick={() => {
                  setError(null);
                  setRejecting(r);
                }}
                aria-label={`${t.reject}：${r.volunteerName}`}
              >
                {t.reject}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <Modal
        open={rejecting !== null}
        title={t.rejectTitle}
        okText={t.reject}
        okButtonProps={{ danger: true, loading: decide.isPending }}
        cancelText={rz.common.cancel}
        onOk={() => form.submit()}
        onCancel={() => setRejecting(null)}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} className="rz-form-alert" />}
        <Form
          form={form}
          name="join-reject"
          layout="vertical"
          onFinish={({ reason }: { reason?: string }) => rejecting && run(rejecting, false, reason?.trim())}
        >
          <Form.Item name="reason" label={t.rejectReason} rules={[{ max: 200 }]}>
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
