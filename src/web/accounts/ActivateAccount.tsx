import {
  EyeInvisibleOutlined,
  EyeOutlined,
  KeyOutlined,
  LockOutlined,
  MobileOutlined,
} from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { phoneSchema } from '../../shared/identity';
import { api, errorMessage } from '../api';
import { useLogin } from '../auth/session';
import { showFieldError, zodRule } from '../forms';
import { activateText as t } from './locale';

interface ActivateValues {
  phone: string;
  code: string;
  newPassword: string;
  confirm: string;
}

interface Failure {
  /** Counts attempts, so the alert is a new element each time and screen readers announce it again. */
  attempt: number;
  message: string;
}

const passwordIcon = (visible: boolean) =>
  visible ? (
    <EyeOutlined aria-label={t.hidePassword} />
  ) : (
    <EyeInvisibleOutlined aria-label={t.showPassword} />
  );

/**
 * 激活账号: a volunteer's first password, set with the 8-digit code of the printed activation slip
 * (POST /api/auth/activate), then signed in with the phone number and that password. Once signed in,
 * the login page sends them on to their home page.
 */
export function ActivateAccount({ onBack }: { onBack: () => void }) {
  const [form] = Form.useForm<ActivateValues>();
  const [failure, setFailure] = useState<Failure | null>(null);
  const login = useLogin();
  const activate = useMutation({
    mutationFn: (body: { phone: string; code: string; newPassword: string }) =>
      api.post<{ ok: true }>('/api/auth/activate', body),
  });
  const busy = activate.isPending || login.isPending;

  const fail = (message: string) => setFailure((f) => ({ attempt: (f?.attempt ?? 0) + 1, message }));

  const submit = (values: ActivateValues) => {
    if (busy) return;
    const phone = values.phone.trim();
    activate.mutate(
      { phone, code: values.code.trim(), newPassword: values.newPassword },
      {
        onSuccess: () => {
          setFailure(null);
          login.mutate(
            { username: phone, password: values.newPassword },
            { onError: () => fail(t.activatedSignInFailed) },
          );
        },
        onError: (error) => {
          // The message goes both above the form (announced) and on the field it is about.
          fail(errorMessage(error));
          showFieldError(form, error, ['phone', 'code', 'newPassword']);
        },
      },
    );
  };

  return (
    <>
      <h2 className="rz-login-heading">{t.heading}</h2>
      <p className="rz-login-hint rz-activate-intro">{t.intro}</p>
      <div className="rz-login-alerts">
        {failure ? (
          <Alert key={failure.attempt} type="error" showIcon title={failure.message} />
        ) : activate.isSuccess ? (
          <Alert type="success" showIcon title={t.signingIn} role="status" />
        ) : null}
      </div>
      <Form<ActivateValues>
        form={form}
        name="activate"
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        className="rz-login-form rz-activate-form"
      >
        <Form.Item
          name="phone"
          label={t.phone}
          rules={[{ required: true, whitespace: true, message: t.required(t.phone) }, zodRule(phoneSchema)]}
          validateTrigger="onSubmit"
        >
          <Input
            size="large"
            prefix={<MobileOutlined aria-hidden="true" />}
            placeholder={t.phonePlaceholder}
            inputMode="numeric"
            autoComplete="tel"
            maxLength={11}
            autoFocus
          />
        </Form.Item>
        <Form.Item
          name="code"
          label={t.code}
          rules={[
            { required: true, whitespace: true, message: t.required(t.code) },
            { pattern: /^\s*\d{8}\s*$/, message: t.codeInvalid },
          ]}
          validateTrigger="onSubmit"
        >
          <Input
            size="large"
            prefix={<KeyOutlined aria-hidden="true" />}
            placeholder={t.codePlaceholder}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={8}
            className="rz-activate-code"
          />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t.newPassword}
          rules={[{ required: true, message: t.required(t.newPassword) }]}
          validateTrigger="onSubmit"
        >
          <Input.Password
            size="large"
            prefix={<LockOutlined aria-hidden="true" />}
            placeholder={t.newPasswordPlaceholder}
            autoComplete="new-password"
            maxLength={256}
            iconRender={passwordIcon}
          />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t.confirm}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t.required(t.confirm) },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t.mismatch);
              },
            }),
          ]}
          validateTrigger="onSubmit"
        >
          <Input.Password
            size="large"
            prefix={<LockOutlined aria-hidden="true" />}
            placeholder={t.confirmPlaceholder}
            autoComplete="new-password"
            maxLength={256}
            iconRender={passwordIcon}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          {busy ? t.submitting : t.submit}
        </Button>
      </Form>
      <Button type="link" size="large" block onClick={onBack} className="rz-login-switch">
        {t.backToLogin}
      </Button>
    </>
  );
}
