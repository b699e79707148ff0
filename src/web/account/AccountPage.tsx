import { IdcardOutlined, LockOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { changePasswordSchema } from '../../shared/identity';
import { api, errorMessage } from '../api';
import { scopeNameOf } from '../auth/access';
import { useMe } from '../auth/session';
import { showFieldError, zodRule } from '../forms';
import { formatDateTime, zh } from '../locale/zh-CN';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { TwoFactorCard } from './TwoFactorCard';

const t = zh.account;

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function Profile() {
  const { account } = useMe();
  const none = <Typography.Text type="secondary">{t.none}</Typography.Text>;
  return (
    <Card
      title={
        <h2 className="rz-card-heading">
          <IdcardOutlined aria-hidden="true" /> {t.profileTitle}
        </h2>
      }
      className="rz-fill-card"
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'username', label: t.username, children: account.username ?? none },
          { key: 'displayName', label: t.displayName, children: account.displayName },
          {
            key: 'role',
            label: t.role,
            children: <Tag className="rz-role-tag">{account.roleLabel}</Tag>,
          },
          { key: 'scope', label: t.scope, children: scopeNameOf(account) ?? none },
          // Shown as the server gives it (masked).
          { key: 'phone', label: t.phone, children: account.phone ?? none },
          {
            key: 'lastLogin',
            label: t.lastLogin,
            children: account.lastLoginAt ? formatDateTime(account.lastLoginAt) : none,
          },
          { key: 'createdAt', label: t.createdAt, children: formatDateTime(account.createdAt) },
        ]}
      />
    </Card>
  );
}

function ChangePassword() {
  const [form] = Form.useForm<PasswordValues>();
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<{ ok: true }>('/api/auth/password', body),
  });

  const submit = ({ currentPassword, newPassword }: PasswordValues) => {
    setFormError(null);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t.changed);
        },
        onError: (error) => {
          if (!showFieldError(form, error, ['currentPassword', 'newPassword']))
            setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <Card
      title={
        <h2 className="rz-card-heading">
          <LockOutlined aria-hidden="true" /> {t.passwordTitle}
        </h2>
      }
      className="rz-fill-card"
    >
      <Typography.Paragraph className="rz-hint">{t.passwordIntro}</Typography.Paragraph>
      {formError && <Alert type="error" showIcon title={formError} className="rz-form-alert" />}
      <Form<PasswordValues>
        form={form}
        name="change-password"
        layout="vertical"
        onFinish={submit}
        disabled={change.isPending}
        className="rz-narrow-form"
      >
        <Form.Item
          name="currentPassword"
          label={t.currentPassword}
          required
          rules={[zodRule(changePasswordSchema.shape.currentPassword)]}
        >
          <Input.Password autoComplete="current-password" maxLength={256} visibilityToggle={false} />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t.newPassword}
          required
          rules={[zodRule(changePasswordSchema.shape.newPassword)]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} visibilityToggle={false} />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t.confirmPassword}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: zh.form.required },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: unknown) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t.confirmMismatch);
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} visibilityToggle={false} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t.submit}
        </Button>
      </Form>
    </Card>
  );
}

/** 我的账号: one's own account facts, the change-password form and two-factor login. */
export function AccountPage() {
  useDocumentTitle(t.title);
  return (
    <div className="rz-page">
      <PageTitle>{t.title}</PageTitle>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Profile />
        </Col>
        <Col xs={24} lg={12}>
          <ChangePassword />
        </Col>
        <Col xs={24} lg={12}>
          <TwoFactorCard />
        </Col>
      </Row>
    </div>
  );
}
