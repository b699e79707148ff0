import { Alert, Button, Form, Input, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Me } from '../../shared/identity';
import type { LoginAnswer, PendingLogin } from '../../shared/twoFactor';
import { otpCodeSchema, recoveryCodeSchema } from '../../shared/twoFactor';
import { ApiError, errorMessage } from '../api';
import { zodRule } from '../forms';
import { RecoveryCodes } from './RecoveryCodes';
import { isPendingLogin, useFinishLogin, useLoginStep } from './session';
import { groupSecret, twoFactorText as t } from './twoFactorText';

type Pending = PendingLogin['pending'];

interface Failure {
  attempt: number;
  message: string;
}

/** What comes after a step's answer: the next step, recovery codes to show first, or the console. */
export interface StepProps {
  pending: Pending;
  onAnswer: (answer: LoginAnswer) => void;
  /** Back to the password form (the challenge expired, or the person wants to start over). */
  onRestart: (message?: string) => void;
}

function useFailure() {
  const [failure, setFailure] = useState<Failure | null>(null);
  const fail = (message: string) => setFailure((f) => ({ attempt: (f?.attempt ?? 0) + 1, message }));
  const alert = (
    <div className="rz-login-alerts">
      {failure ? <Alert key={failure.attempt} type="error" showIcon title={failure.message} /> : null}
    </div>
  );
  return { fail, alert, clear: () => setFailure(null) };
}

/** A failure that ends the pending login goes back to the password form, with its message. */
const restartCodes = new Set(['LOGIN_CHALLENGE_EXPIRED', 'ACCOUNT_LOCKED', 'ACCOUNT_DISABLED']);

function CodeInput({ inputRef, label }: { inputRef: React.RefObject<InputRef | null>; label: string }) {
  return (
    <Form.Item name="code" label={label} rules={[zodRule(otpCodeSchema)]} validateTrigger="onSubmit">
      <Input
        ref={inputRef}
        size="large"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        placeholder={t.codePlaceholder}
        style={{ letterSpacing: '0.3em' }}
        autoFocus
      />
    </Form.Item>
  );
}

/** 两步验证 at login: the authenticator's six digits, or a recovery code instead. */
export function SecondFactorStep({ pending, onAnswer, onRestart }: StepProps) {
  const [form] = Form.useForm<{ code?: string; recoveryCode?: string }>();
  const [useRecovery, setUseRecovery] = useState(false);
  const { fail, alert } = useFailure();
  const codeRef = useRef<InputRef>(null);
  const recoveryRef = useRef<InputRef>(null);
  const step = useLoginStep<{ code?: string; recoveryCode?: string }>('/api/auth/login/second-factor');

  useEffect(() => {
    (useRecovery ? recoveryRef : codeRef).current?.focus();
  }, [useRecovery]);

  const submit = (values: { code?: string; recoveryCode?: string }) => {
    if (step.isPending) return;
    const body = useRecovery ? { recoveryCode: values.recoveryCode!.trim() } : { code: values.code!.trim() };
    step.mutate(body, {
      onSuccess: onAnswer,
      onError: (error) => {
        if (error instanceof ApiError && restartCodes.has(error.code)) return onRestart(errorMessage(error));
        fail(errorMessage(error));
        form.resetFields();
        (useRecovery ? recoveryRef : codeRef).current?.focus();
      },
    });
  };

  return (
    <>
      <h2 className="rz-login-heading">{t.stepHeading}</h2>
      <p className="rz-login-hint">{t.stepIntro(pending.displayName)}</p>
      {alert}
      <Form form={form} name="second-factor" layout="vertical" requiredMark={false} onFinish={submit}>
        {useRecovery ? (
          <Form.Item
            name="recoveryCode"
            label={t.recoveryCode}
            extra={t.recoveryHint}
            rules={[zodRule(recoveryCodeSchema)]}
            validateTrigger="onSubmit"
          >
            <Input
              ref={recoveryRef}
              size="large"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={11}
              placeholder={t.recoveryPlaceholder}
            />
          </Form.Item>
        ) : (
          <CodeInput inputRef={codeRef} label={t.code} />
        )}
        <Button type="primary" htmlType="submit" size="large" block loading={step.isPending}>
          {step.isPending ? t.verifying : t.verify}
        </Button>
      </Form>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12 }}>
        <Button onClick={() => setUseRecovery((v) => !v)}>{useRecovery ? t.useCode : t.useRecovery}</Button>
        <Button onClick={() => onRestart()}>{t.back}</Button>
      </div>
    </>
  );
}

/** Forced enrolment right after the password: QR and secret, then the first code confirms it. */
export function EnrollStep({ pending, onAnswer, onRestart }: StepProps) {
  const [form] = Form.useForm<{ code: string }>();
  const { fail, alert } = useFailure();
  const codeRef = useRef<InputRef>(null);
  const step = useLoginStep<{ code: string }>('/api/auth/login/enroll');
  const enrollment = pending.enrollment;

  const submit = (values: { code: string }) => {
    if (step.isPending) return;
    step.mutate(
      { code: values.code.trim() },
      {
        onSuccess: onAnswer,
        onError: (error) => {
          if (error instanceof ApiError && restartCodes.has(error.code))
            return onRestart(errorMessage(error));
          fail(errorMessage(error));
          form.resetFields();
          codeRef.current?.focus();
        },
      },
    );
  };

  return (
    <>
      <h2 className="rz-login-heading">{t.enrollHeading}</h2>
      <p className="rz-login-hint">{t.enrollIntro(pending.displayName)}</p>
      {enrollment && (
        <div style={{ textAlign: 'center', marginBottom: 16 }}>
          <img
            src={enrollment.qr}
            alt={t.qrAlt}
            width={200}
            height={200}
            style={{ display: 'inline-block', background: '#fff' }}
          />
          <p className="rz-login-hint" id="rz-enroll-secret-label">
            {t.secret}
          </p>
          <p aria-labelledby="rz-enroll-secret-label" style={{ fontSize: '1.1em', wordSpacing: '0.3em' }}>
            <code>{groupSecret(enrollment.secret)}</code>
          </p>
        </div>
      )}
      {alert}
      <Form form={form} name="enroll" layout="vertical" requiredMark={false} onFinish={submit}>
        <CodeInput inputRef={codeRef} label={t.confirmCode} />
        <Button type="primary" htmlType="submit" size="large" block loading={step.isPending}>
          {t.confirm}
        </Button>
      </Form>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12 }}>
        <Button onClick={() => onRestart()}>{t.back}</Button>
      </div>
    </>
  );
}

/** An expired password is changed before anything else. */
export function ExpiredPasswordStep({ onAnswer, onRestart }: StepProps) {
  const [form] = Form.useForm<{ newPassword: string; confirmPassword: string }>();
  const { fail, alert } = useFailure();
  const step = useLoginStep<{ newPassword: string }>('/api/auth/login/password');

  const submit = (values: { newPassword: string }) => {
    if (step.isPending) return;
    step.mutate(
      { newPassword: values.newPassword },
      {
        onSuccess: onAnswer,
        onError: (error) => {
          if (error instanceof ApiError && restartCodes.has(error.code))
            return onRestart(errorMessage(error));
          fail(errorMessage(error));
        },
      },
    );
  };

  return (
    <>
      <h2 className="rz-login-heading">{t.expiredHeading}</h2>
      <p className="rz-login-hint">{t.expiredIntro}</p>
      {alert}
      <Form form={form} name="expired-password" layout="vertical" requiredMark={false} onFinish={submit}>
        <Form.Item
          name="newPassword"
          label={t.newPassword}
          rules={[{ required: true, message: t.newPasswordRequired }]}
        >
          <Input.Password size="large" autoComplete="new-password" maxLength={256} autoFocus />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t.confirmPassword}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t.newPasswordRequired },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: unknown) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t.confirmMismatch);
              },
            }),
          ]}
        >
          <Input.Password size="large" autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={step.isPending}>
          {t.changeAndContinue}
        </Button>
      </Form>
    </>
  );
}

/** The recovery codes right after enrolment; then on to the next step or the console. */
export function RecoveryCodesStep({
  codes,
  displayName,
  onDone,
}: {
  codes: string[];
  displayName: string;
  onDone: () => void;
}) {
  return (
    <>
      <h2 className="rz-login-heading">{t.recoveryHeading}</h2>
      <p className="rz-login-hint">{t.recoveryIntro}</p>
      <RecoveryCodes codes={codes} accountName={displayName} />
      <Button type="primary" size="large" block onClick={onDone} autoFocus>
        {t.saved}
      </Button>
    </>
  );
}

/** The login steps after the password, driven by the server's answers. */
export function PendingLoginSteps({
  first,
  onRestart,
}: {
  first: Pending;
  onRestart: (message?: string) => void;
}) {
  const finish = useFinishLogin();
  const [pending, setPending] = useState<Pending>(first);
  const [codes, setCodes] = useState<{ codes: string[]; then: Pending | Me } | null>(null);

  const onAnswer = (answer: LoginAnswer) => {
    if (answer.recoveryCodes) {
      const then = isPendingLogin(answer) ? answer.pending : answer;
      setCodes({ codes: answer.recoveryCodes, then });
      return;
    }
    if (isPendingLogin(answer)) setPending(answer.pending);
    // Signed in: useLoginStep has already opened the console.
  };

  if (codes) {
    return (
      <RecoveryCodesStep
        codes={codes.codes}
        displayName={pending.displayName}
        onDone={() => {
          const then = codes.then;
          setCodes(null);
          if ('step' in then) setPending(then);
          else finish(then);
        }}
      />
    );
  }
  const props = { pending, onAnswer, onRestart };
  if (pending.step === 'totp') return <SecondFactorStep key="totp" {...props} />;
  if (pending.step === 'enroll') return <EnrollStep key="enroll" {...props} />;
  return <ExpiredPasswordStep key="password" {...props} />;
}
