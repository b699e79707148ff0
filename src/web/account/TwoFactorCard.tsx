import { SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Enrollment, TwoFactorStatus } from '../../shared/twoFactor';
import { otpCodeSchema } from '../../shared/twoFactor';
import { api, errorMessage } from '../api';
import { RecoveryCodes } from '../auth/RecoveryCodes';
import { useMe } from '../auth/session';
import { groupSecret, twoFactorText as t } from '../auth/twoFactorText';
import { showFieldError, zodRule } from '../forms';

const statusKey = ['auth', 'two-factor'] as const;

function CodeField({ label = t.code }: { label?: string }) {
  return (
    <Form.Item name="code" label={label} rules={[zodRule(otpCodeSchema)]}>
      <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder={t.codePlaceholder} />
    </Form.Item>
  );
}

/** 我的账号 › 两步验证: turn on (scan, confirm, save recovery codes), new recovery codes, turn off. */
export function TwoFactorCard() {
  const { account } = useMe();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [mode, setMode] = useState<'idle' | 'disable' | 'codes'>('idle');
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm<{ code: string; password?: string }>();
  const status = useQuery({
    queryKey: statusKey,
    queryFn: ({ signal }) => api.get<TwoFactorStatus>('/api/auth/two-factor', { signal }),
  });
  const refresh = () => client.invalidateQueries({ queryKey: statusKey });
  const fail = (error: unknown) => {
    if (!showFieldError(form, error, ['code', 'password'])) setFormError(errorMessage(error));
  };
  const setup = useMutation({
    mutationFn: () => api.post<Enrollment>('/api/auth/two-factor/setup', {}),
    onSuccess: (e) => {
      setFormError(null);
      setCodes(null);
      setEnrollment(e);
    },
    onError: fail,
  });
  const confirm = useMutation({
    mutationFn: (code: string) =>
      api.post<{ recoveryCodes: string[] }>('/api/auth/two-factor/confirm', { code }),
    onSuccess: ({ recoveryCodes }) => {
      setEnrollment(null);
      setCodes(recoveryCodes);
      form.resetFields();
      void message.success(t.enabled);
      void refresh();
    },
    onError: fail,
  });
  const newCodes = useMutation({
    mutationFn: (code: string) =>
      api.post<{ recoveryCodes: string[] }>('/api/auth/two-factor/recovery-codes', { code }),
    onSuccess: ({ recoveryCodes }) => {
      setMode('idle');
      setCodes(recoveryCodes);
      form.resetFields();
      void refresh();
    },
    onError: fail,
  });
  const disable = useMutation({
    mutationFn: (body: { password: string; code: string }) =>
      api.post<{ ok: true }>('/api/auth/two-factor/disable', body),
    onSuccess: () => {
      setMode('idle');
      setCodes(null);
      form.resetFields();
      void message.success(t.disabled);
      void refresh();
    },
    onError: fail,
  });
  const busy = setup.isPending || confirm.isPending || newCodes.isPending || disable.isPending;

  const data = status.data;
  return (
    <Card
      title={
        <h2 className="rz-card-heading">
          <SafetyOutlined aria-hidden="true" /> {t.cardTitle}
        </h2>
      }
      className="rz-fill-card"
    >
      {status.isError ? (
        <Alert type="error" showIcon title={errorMessage(status.error)} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          <p>
            <Tag color={data.enabled ? 'green' : undefined}>{data.enabled ? t.statusOn : t.statusOff}</Tag>
            {data.enabled ? t.recoveryLeft(data.recoveryCodesLeft) : null}
          </p>
          <Typography.Paragraph className="rz-hint">
            {data.required ? t.requiredNote : t.optionalNote}
          </Typography.Paragraph>
          {formError && <Alert type="error" showIcon title={formError} className="rz-form-alert" />}
          {codes && (
            <>
              <Typography.Paragraph>{t.recoveryIntro}</Typography.Paragraph>
              <RecoveryCodes codes={codes} accountName={account.displayName} />
            </>
          )}
          {enrollment ? (
            <Form
              form={form}
              name="two-factor-setup"
              layout="vertical"
              onFinish={(v) => confirm.mutate(v.code.trim())}
              disabled={busy}
            >
              <Typography.Paragraph>{t.setupIntro}</Typography.Paragraph>
              <img
                src={enrollment.qr}
                alt={t.qrAlt}
                width={180}
                height={180}
                style={{ background: '#fff' }}
              />
              <p>
                {t.secret}：<code>{groupSecret(enrollment.secret)}</code>
              </p>
              <CodeField label={t.confirmCode} />
              <Space wrap>
                <Button type="primary" htmlType="submit" loading={confirm.isPending}>
                  {t.confirm}
                </Button>
                <Button onClick={() => setEnrollment(null)}>{t.cancel}</Button>
              </Space>
            </Form>
          ) : !data.enabled ? (
            <Button type="primary" onClick={() => setup.mutate()} loading={setup.isPending}>
              {t.enable}
            </Button>
          ) : mode === 'disable' ? (
            <Form
              form={form}
              name="two-factor-disable"
              layout="vertical"
              onFinish={(v) => disable.mutate({ password: v.password ?? '', code: v.code.trim() })}
              disabled={busy}
            >
              <Typography.Paragraph>{t.disableIntro}</Typography.Paragraph>
              <Form.Item
                name="password"
                label={t.password}
                rules={[{ required: true, message: t.passwordRequired }]}
              >
                <Input.Password autoComplete="current-password" maxLength={256} visibilityToggle={false} />
              </Form.Item>
              <CodeField />
              <Space wrap>
                <Button danger htmlType="submit" loading={disable.isPending}>
                  {t.disable}
                </Button>
                <Button onClick={() => setMode('idle')}>{t.cancel}</Button>
              </Space>
            </Form>
          ) : mode === 'codes' ? (
            <Form
              form={form}
              name="two-factor-codes"
              layout="vertical"
              onFinish={(v) => newCodes.mutate(v.code.trim())}
              disabled={busy}
            >
              <Typography.Paragraph>{t.newCodesIntro}</Typography.Paragraph>
              <CodeField />
              <Space wrap>
                <Button type="primary" htmlType="submit" loading={newCodes.isPending}>
                  {t.generate}
                </Button>
                <Button onClick={() => setMode('idle')}>{t.cancel}</Button>
              </Space>
            </Form>
          ) : (
            <Space wrap>
              <Button onClick={() => setMode('codes')}>{t.newCodes}</Button>
              {!data.required && (
                <Button danger onClick={() => setMode('disable')}>
                  {t.disable}
                </Button>
              )}
            </Space>
          )}
        </>
      )}
    </Card>
  );
}
