import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  InputNumber,
  Skeleton,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { roleLabels, roles, type PasswordPolicy } from '../../shared/identity';
import { SessionsCard, ResetTwoFactorCard } from './SessionsCard';
import { securityText as st } from './securityText';
import { api, errorMessage } from '../api';
import { showFieldError } from '../forms';
import { zh } from '../locale/zh-CN';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';

const t = zh.security;
const policyKey = ['security', 'password-policy'] as const;

/**
 * The policy's fields with the bounds the server's schema enforces (passwordPolicySchema). Out-of-range
 * input gets a message, not a silent correction to the nearest bound.
 */
const fields: { name: keyof PasswordPolicy; label: string; help: string; min: number; max: number }[] = [
  { name: 'minLength', label: t.minLength, help: t.minLengthHelp, min: 8, max: 64 },
  { name: 'requireCharClasses', label: t.requireCharClasses, help: t.requireCharClassesHelp, min: 1, max: 4 },
  { name: 'historyCount', label: st.historyCount, help: st.historyCountHelp, min: 0, max: 24 },
  { name: 'expiryDays', label: st.expiryDays, help: st.expiryDaysHelp, min: 0, max: 3650 },
  { name: 'lockoutThreshold', label: t.lockoutThreshold, help: t.lockoutThresholdHelp, min: 3, max: 20 },
  { name: 'lockoutMinutes', label: t.lockoutMinutes, help: t.lockoutMinutesHelp, min: 1, max: 24 * 60 },
];

/** Every role but the volunteer may be required to use two-factor login. */
const twoFactorRoleOptions = roles
  .filter((r) => r !== 'volunteer')
  .map((r) => ({ value: r, label: roleLabels[r] }));

function PolicyForm({ policy }: { policy: PasswordPolicy }) {
  const [form] = Form.useForm<PasswordPolicy>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: PasswordPolicy) => api.put<PasswordPolicy>('/api/security/password-policy', body),
    onSuccess: (saved) => client.setQueryData(policyKey, saved),
  });

  const submit = (values: PasswordPolicy) => {
    setFormError(null);
    save.mutate(values, {
      onSuccess: (saved) => {
        form.setFieldsValue(saved);
        void message.success(t.saved);
      },
      onError: (error) => {
        if (
          !showFieldError(form, error, [
            ...fields.map((f) => f.name),
            'checkCommonPasswords',
            'twoFactorRoles',
          ])
        )
          setFormError(errorMessage(error));
      },
    });
  };

  return (
    <>
      {formError && <Alert type="error" showIcon title={formError} className="rz-form-alert" />}
      <Form<PasswordPolicy>
        form={form}
        name="password-policy"
        layout="vertical"
        initialValues={policy}
        onFinish={submit}
        disabled={save.isPending}
        className="rz-narrow-form"
      >
        {fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.label}
            extra={f.help}
            rules={[
              { required: true, message: zh.form.required },
              { type: 'integer', min: f.min, max: f.max, message: t.outOfRange(f.min, f.max) },
            ]}
          >
            <InputNumber precision={0} controls={false} className="rz-number-input" />
          </Form.Item>
        ))}
        <Form.Item
          name="checkCommonPasswords"
          label={st.checkCommonPasswords}
          extra={st.checkCommonPasswordsHelp}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <Form.Item name="twoFactorRoles" label={st.twoFactorRoles} extra={st.twoFactorRolesHelp}>
          <Checkbox.Group options={twoFactorRoleOptions} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t.save}
          </Button>
          <Button onClick={() => form.resetFields()}>{t.reset}</Button>
        </Space>
      </Form>
    </>
  );
}

/** 安全策略 (security administrator): password rules and the login lockout. */
export function SecurityPolicyPage() {
  useDocumentTitle(t.title);
  const policy = useQuery({
    queryKey: policyKey,
    queryFn: ({ signal }) => api.get<PasswordPolicy>('/api/security/password-policy', { signal }),
  });
  return (
    <div className="rz-page">
      <PageTitle>{t.title}</PageTitle>
      <Card
        title={
          <h2 className="rz-card-heading">
            <SafetyCertificateOutlined aria-hidden="true" /> {t.cardTitle}
          </h2>
        }
      >
        <Typography.Paragraph className="rz-hint">{t.intro}</Typography.Paragraph>
        {policy.isError ? (
          <Alert type="error" showIcon title={errorMessage(policy.error)} />
        ) : policy.data ? (
          <PolicyForm policy={policy.data} />
        ) : (
          <Skeleton active paragraph={{ rows: 6 }} />
        )}
      </Card>
      <SessionsCard />
      <ResetTwoFactorCard />
    </div>
  );
}
