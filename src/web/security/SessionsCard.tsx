import { DesktopOutlined, KeyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { Account } from '../../shared/identity';
import type { ActiveSession } from '../../shared/twoFactor';
import { api, ApiError, errorMessage } from '../api';
import { showFieldError } from '../forms';
import { formatDateTime } from '../locale/zh-CN';
import { securityText as t } from './securityText';

const sessionsKey = (q: string) => ['security', 'sessions', q] as const;
const nameOf = (s: Pick<ActiveSession, 'displayName' | 'username'>) =>
  s.username ? `${s.displayName}（${s.username}）` : s.displayName;

/** 在线会话: who is signed in where; end one session or all of an account's. */
export function SessionsCard() {
  const [q, setQ] = useState('');
  const client = useQueryClient();
  const { message } = App.useApp();
  const sessions = useQuery({
    queryKey: sessionsKey(q),
    queryFn: ({ signal }) =>
      api.get<{ items: ActiveSession[] }>('/api/security/sessions', { signal, query: { q: q || undefined } }),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['security', 'sessions'] });
  const endOne = useMutation({
    mutationFn: (ref: string) => api.post<{ ok: true }>(`/api/security/sessions/${ref}/end`, {}),
    onSuccess: () => {
      void message.success(t.ended);
      void refresh();
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const endAll = useMutation({
    mutationFn: (accountId: string) =>
      api.post<{ ended: number }>(`/api/security/accounts/${accountId}/sessions/end`, {}),
    onSuccess: ({ ended }) => {
      void message.success(t.endedAll(ended));
      void refresh();
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  return (
    <Card
      style={{ marginTop: 16 }}
      title={
        <h2 className="rz-card-heading">
          <DesktopOutlined aria-hidden="true" /> {t.sessionsTitle}
        </h2>
      }
    >
      <Typography.Paragraph className="rz-hint">{t.sessionsIntro}</Typography.Paragraph>
      <Input.Search
        aria-label={t.search}
        placeholder={t.search}
        enterButton={t.searchButton}
        allowClear
        maxLength={30}
        onSearch={(value) => setQ(value.trim())}
        style={{ maxWidth: 420, marginBottom: 12 }}
      />
      {sessions.isError ? (
        <Alert type="error" showIcon title={errorMessage(sessions.error)} />
      ) : (
        <Table<ActiveSession>
          rowKey="ref"
          size="small"
          loading={sessions.isPending}
          dataSource={sessions.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t.noSessions }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t.account,
              key: 'account',
              render: (_v, s) => (
                <>
                  {nameOf(s)}
                  {s.current ? <Typography.Text type="secondary">{t.current}</Typography.Text> : null}
                </>
              ),
            },
            { title: t.role, dataIndex: 'roleLabel' },
            { title: t.ip, dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
            {
              title: t.userAgent,
              dataIndex: 'userAgent',
              ellipsis: true,
              render: (v: string | null) => v ?? '—',
            },
            { title: t.started, dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            { title: t.lastActive, dataIndex: 'lastSeenAt', render: (v: string) => formatDateTime(v) },
            {
              title: t.actions,
              key: 'actions',
              render: (_v, s) => (
                <Space wrap>
                  <Popconfirm
                    title={t.endConfirm}
                    okText={t.ok}
                    cancelText={t.cancel}
                    onConfirm={() => endOne.mutate(s.ref)}
                  >
                    <Button size="small" danger disabled={s.current} aria-label={t.endLabel(nameOf(s))}>
                      {t.end}
                    </Button>
                  </Popconfirm>
                  <Popconfirm
                    title={t.endAllConfirm(nameOf(s))}
                    okText={t.ok}
                    cancelText={t.cancel}
                    onConfirm={() => endAll.mutate(s.accountId)}
                  >
                    <Button size="small" disabled={s.current} aria-label={t.endAllLabel(nameOf(s))}>
                      {t.endAll}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

interface ResetValues {
  username: string;
  reason: string;
}

/** 重置两步验证 of an account whose phone is lost, by its username, with a reason. */
export function ResetTwoFactorCard() {
  const [form] = Form.useForm<ResetValues>();
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);
  const reset = useMutation({
    mutationFn: async ({ username, reason }: ResetValues) => {
      const found = await api.get<{ items: Account[] }>('/api/accounts', {
        query: { q: username, pageSize: 100 },
      });
      const account = found.items.find((a) => a.username === username);
      if (!account) throw new ApiError(404, 'NOT_FOUND', t.resetNoAccount, 'username');
      await api.post<{ ok: true }>(`/api/security/accounts/${account.id}/two-factor/reset`, { reason });
      return account;
    },
  });
  const submit = (values: ResetValues) => {
    setFormError(null);
    reset.mutate(
      { username: values.username.trim(), reason: values.reason.trim() },
      {
        onSuccess: (account) => {
          form.resetFields();
          void message.success(t.resetDone(account.displayName));
        },
        onError: (error) => {
          if (!showFieldError(form, error, ['username', 'reason'])) setFormError(errorMessage(error));
        },
      },
    );
  };
  return (
    <Card
      style={{ marginTop: 16 }}
      title={
        <h2 className="rz-card-heading">
          <KeyOutlined aria-hidden="true" /> {t.resetTitle}
        </h2>
      }
    >
      <Typography.Paragraph className="rz-hint">{t.resetIntro}</Typography.Paragraph>
      {formError && <Alert type="error" showIcon title={formError} className="rz-form-alert" />}
      <Form<ResetValues>
        form={form}
        name="reset-two-factor"
        layout="vertical"
        onFinish={submit}
        disabled={reset.isPending}
        className="rz-narrow-form"
      >
        <Form.Item
          name="username"
          label={t.resetUsername}
          rules={[{ required: true, whitespace: true, message: t.resetUsernameRequired }]}
        >
          <Input autoComplete="off" maxLength={32} spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t.resetReason}
          rules={[{ required: true, whitespace: true, message: t.resetReasonRequired }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Button danger htmlType="submit" loading={reset.isPending}>
          {t.resetButton}
        </Button>
      </Form>
    </Card>
  );
}
