import { Alert, App, Descriptions, Form, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { roleLabels, type Account, type Role } from '../../shared/identity';
import { errorMessage } from '../api';
import { roleChangeTargets } from '../auth/access';
import { showFieldError } from '../forms';
import { zh } from '../locale/zh-CN';
import { AnchorFields } from './CreateAccountDrawer';
import { useChangeRole } from './queries';

const t = zh.accounts;

interface RoleValues {
  role?: Role;
  regionCode?: string;
  organizationId?: string;
}

/** 修改角色 (security administrator): a business role, with the region or organisation it needs. */
export function ChangeRoleModal({ target, onClose }: { target: Account; onClose: () => void }) {
  const [form] = Form.useForm<RoleValues>();
  const { message } = App.useApp();
  const change = useChangeRole();
  const [formError, setFormError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);

  const submit = (values: RoleValues) => {
    if (!values.role) return;
    setFormError(null);
    change.mutate(
      {
        id: target.id,
        role: values.role,
        ...(values.regionCode ? { regionCode: values.regionCode } : {}),
        ...(values.organizationId ? { organizationId: values.organizationId } : {}),
      },
      {
        onSuccess: () => {
          void message.success(t.done.role);
          onClose();
        },
        onError: (error) => {
          if (!showFieldError(form, error, ['role', 'regionCode', 'organizationId']))
            setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <Modal
      open
      title={`${t.roleChange.title}：${t.target(target.username ?? '', target.displayName)}`}
      okText={t.roleChange.ok}
      cancelText={t.form.cancel}
      okButtonProps={{ loading: change.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Typography.Paragraph>{t.roleChange.intro}</Typography.Paragraph>
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'current',
            label: t.roleChange.current,
            children: <Tag className="rz-role-tag">{target.roleLabel}</Tag>,
          },
        ]}
      />
      {formError && <Alert type="error" showIcon title={formError} className="rz-form-alert" />}
      <Form<RoleValues>
        form={form}
        name="change-role"
        layout="vertical"
        onFinish={submit}
        disabled={change.isPending}
        onValuesChange={(changed: Partial<RoleValues>) => {
          if ('role' in changed) form.setFieldsValue({ regionCode: undefined, organizationId: undefined });
        }}
      >
        <Form.Item
          name="role"
          label={t.roleChange.role}
          rules={[{ required: true, message: t.form.roleRequired }]}
        >
          <Select
            placeholder={t.form.rolePlaceholder}
            options={roleChangeTargets.map((r) => ({ value: r, label: roleLabels[r] }))}
          />
        </Form.Item>
        <AnchorFields role={role} formName="change-role" />
      </Form>
    </Modal>
  );
}
