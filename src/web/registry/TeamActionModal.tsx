import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { teamTransitions, type TeamAction, type TeamDetail } from '../../shared/registry';
import { errorMessage } from '../api';
import { showFieldError } from '../forms';
import { rz } from './locale';
import { useTeamAction } from './queries';

const t = rz.teams.actions;

/**
 * One registration step (提交登记、审核通过、退回…) with its confirmation. Return, suspend and dissolve
 * need a reason (the other side reads it in the history); for the others a note is optional.
 */
export function TeamActionModal({
  team,
  action,
  onClose,
}: {
  team: TeamDetail;
  action: TeamAction | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const { message } = App.useApp();
  const act = useTeamAction();
  const [error, setError] = useState<string | null>(null);
  const needsReason = action ? teamTransitions[action].needsReason : false;
  const label = action ? rz.labels.action[action] : '';

  const close = () => {
    setError(null);
    form.resetFields();
    onClose();
  };

  const submit = ({ reason }: { reason?: string }) => {
    if (!action) return;
    setError(null);
    act.mutate(
      { id: team.id, action, reason: reason?.trim() || undefined },
      {
        onSuccess: () => {
          void message.success(t.done(label));
          close();
        },
        onError: (e) => {
          if (!showFieldError(form, e, ['reason'])) setError(errorMessage(e));
        },
      },
    );
  };

  return (
    <Modal
      open={action !== null}
      title={`${label}：${team.name}`}
      okText={label}
      cancelText={rz.common.cancel}
      okButtonProps={{ danger: action === 'dissolve' || action === 'return', loading: act.isPending }}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {action && <Typography.Paragraph>{t.confirm[action]}</Typography.Paragraph>}
      {error && <Alert type="error" showIcon title={error} className="rz-form-alert" />}
      <Form form={form} name="team-action" layout="vertical" onFinish={submit} disabled={act.isPending}>
        <Form.Item
          name="reason"
          label={needsReason ? t.reasonLabel : t.noteLabel}
          rules={[
            needsReason
              ? { required: true, whitespace: true, min: 2, message: t.reasonRequired }
              : { required: false },
            { max: 200, message: t.reasonTooLong },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t.reasonPlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
