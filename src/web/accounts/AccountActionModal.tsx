import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { Account } from '../../shared/identity';
import { errorMessage } from '../api';
import { zh } from '../locale/zh-CN';
import { useAccountAction, type AccountWithPassword, type StatusAction } from './queries';

const t = zh.accounts;

/**
 * Confirm an account action and, where it matters (停用, 重置密码), ask why: the reason goes into
 * the audit log with the action.
 */
export function AccountActionModal({
  target,
  action,
  onClose,
  onDone,
}: {
  target: Account;
  action: StatusAction;
  onClose: () => void;
  onDone: (result: AccountWithPassword) => void;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const { message } = App.useApp();
  const mutation = useAccountAction();
  const [formError, setFormError] = useState<string | null>(null);
  const copy = t.confirm[action];
  const danger = action === 'disable' || action === 'reset-password';

  const submit = ({ reason }: { reason?: string }) => {
    setFormError(null);
    mutation.mutate(
      { id: target.id, action, reason: reason?.trim() || undefined },
      {
        onSuccess: (result) => {
          void message.success(t.done[action]);
          onDone(result);
        },
        onError: (error) => setFormError(errorMessage(error)),
      },
    );
  };

  return (
    <Modal
      open
      title={`${copy.title}：${t.target(target.username ?? '', target.displayName)}`}
      okText={copy.ok}
      cancelText={t.form.cancel}
      okButtonProps={{ danger, loading: mutation.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{copy.text}</Typography.Paragraph>
      {formError && <Alert type="error" showIcon title={formError} className="rz-form-alert" />}
      <Form
        form={form}
        name="account-action"
        layout="vertical"
        onFinish={submit}
        disabled={mutation.isPending}
      >
        <Form.Item
          name="reason"
          label={copy.reason}
          rules={[
            { required: copy.reasonRequired, whitespace: true, message: t.reasonTooShort },
            { min: 2, message: t.reasonTooShort },
            { max: 200, message: t.reasonTooLong },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t.reasonPlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
