import { EyeInvisibleOutlined, EyeOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { loginSchema } from '../../shared/identity';
import { ActivateAccount } from '../accounts/ActivateAccount';
import { activateText } from '../accounts/locale';
import { ApiError, errorMessage } from '../api';
import { zodRule } from '../forms';
import { ElderlySwitch } from '../layout/ElderlySwitch';
import { homePathFor } from '../layout/navigation';
import { zh } from '../locale/zh-CN';
import { useDocumentTitle } from '../useDocumentTitle';
import { safeNextPath } from './access';
import { FullPageLoading } from './RequireSession';
import type { PendingLogin } from '../../shared/twoFactor';
import { isPendingLogin, useLogin, useSession } from './session';
import { PendingLoginSteps } from './TwoFactorSteps';

const t = zh.auth;

interface LoginValues {
  username: string;
  password: string;
}

interface Failure {
  /** Counts attempts, so the alert is a new element each time and screen readers announce it again. */
  attempt: number;
  message: string;
}

export function LoginPage() {
  useDocumentTitle(t.loginTitle);
  const session = useSession();
  const login = useLogin();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<LoginValues>();
  const passwordRef = useRef<InputRef>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  /** After a right password: the step still owed (second factor, enrolment, expired password). */
  const [pending, setPending] = useState<PendingLogin['pending'] | null>(null);

  if (session.data?.signedIn) {
    const me = session.data.me;
    return <Navigate to={safeNextPath(params.get('next')) ?? homePathFor(me)} replace />;
  }
  if (session.data === undefined && session.isPending) return <FullPageLoading label={t.checking} />;

  const signedOut = session.data && !session.data.signedIn ? session.data.reason : undefined;
  const expired = params.get('expired') === '1' || signedOut === 'expired';
  // 激活账号 is a mode of this page (?activate=1), so the slip's instruction and the back button work.
  const activating = params.get('activate') === '1';
  const setActivating = (on: boolean) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (on) next.set('activate', '1');
      else next.delete('activate');
      return next;
    });

  const submit = (values: LoginValues) => {
    // The fields stay enabled while signing in (disabling them would drop the focus); no double sends.
    if (login.isPending) return;
    login.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onSuccess: (answer) => {
          if (isPendingLogin(answer)) {
            setFailure(null);
            setPending(answer.pending);
          }
        },
        onError: (error) => {
          setFailure((f) => ({ attempt: (f?.attempt ?? 0) + 1, message: errorMessage(error) }));
          // Keep the name, clear the password and put the cursor back there for the next try.
          if (!(error instanceof ApiError) || error.code !== 'ACCOUNT_DISABLED') {
            form.setFieldValue('password', '');
            passwordRef.current?.focus();
          }
        },
      },
    );
  };

  return (
    <div className="rz-login">
      <div className="rz-login-top">
        <ElderlySwitch />
      </div>
      <main className="rz-login-main" id="rz-main">
        <section className="rz-login-card" aria-labelledby="rz-login-title">
          <div className="rz-login-brand">
            <span className="rz-brand-emblem rz-login-emblem" aria-hidden="true">
              ★
            </span>
            <h1 id="rz-login-title" className="rz-login-title">
              <span className="rz-login-name">{zh.app.name}</span>
              <span className="rz-login-subtitle">{zh.app.subtitle}</span>
            </h1>
          </div>
          {pending ? (
            <PendingLoginSteps
              first={pending}
              onRestart={(message) => {
                setPending(null);
                form.setFieldValue('password', '');
                if (message) setFailure((f) => ({ attempt: (f?.attempt ?? 0) + 1, message }));
              }}
            />
          ) : activating ? (
            <ActivateAccount onBack={() => setActivating(false)} />
          ) : (
            <>
              <h2 className="rz-login-heading">{t.loginHeading}</h2>

              <div className="rz-login-alerts">
                {failure ? (
                  <Alert key={failure.attempt} type="error" showIcon title={failure.message} />
                ) : expired ? (
                  <Alert type="warning" showIcon title={t.expired} />
                ) : signedOut === 'logout' ? (
                  <Alert type="success" showIcon title={t.signedOut} role="status" />
                ) : null}
              </div>

              <Form<LoginValues>
                form={form}
                name="login"
                layout="vertical"
                requiredMark={false}
                onFinish={submit}
                className="rz-login-form"
              >
                <Form.Item
                  name="username"
                  label={t.username}
                  rules={[zodRule(loginSchema.shape.username)]}
                  validateTrigger="onSubmit"
                >
                  <Input
                    size="large"
                    prefix={<UserOutlined aria-hidden="true" />}
                    placeholder={t.usernamePlaceholder}
                    autoComplete="username"
                    autoCapitalize="off"
                    spellCheck={false}
                    maxLength={64}
                    autoFocus
                  />
                </Form.Item>
                <Form.Item
                  name="password"
                  label={t.password}
                  rules={[zodRule(loginSchema.shape.password)]}
                  validateTrigger="onSubmit"
                >
                  <Input.Password
                    ref={passwordRef}
                    size="large"
                    prefix={<LockOutlined aria-hidden="true" />}
                    placeholder={t.passwordPlaceholder}
                    autoComplete="current-password"
                    maxLength={256}
                    iconRender={(visible) =>
                      visible ? (
                        <EyeOutlined aria-label={t.hidePassword} />
                      ) : (
                        <EyeInvisibleOutlined aria-label={t.showPassword} />
                      )
                    }
                  />
                </Form.Item>
                <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
                  {login.isPending ? t.submitting : t.submit}
                </Button>
              </Form>
              <p className="rz-login-hint">{t.hint}</p>
              <div className="rz-login-activate">
                <p className="rz-login-hint" id="rz-activate-hint">
                  {activateText.entryHint}
                </p>
                <Button
                  size="large"
                  block
                  onClick={() => setActivating(true)}
                  aria-describedby="rz-activate-hint"
                >
                  {activateText.entry}
                </Button>
              </div>
            </>
          )}
        </section>
        <p className="rz-login-owner">{zh.app.owner}</p>
      </main>
    </div>
  );
}
