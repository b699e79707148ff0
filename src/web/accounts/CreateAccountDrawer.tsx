import { Alert, App, Button, Drawer, Form, Grid, Input, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import {
  createAccountSchema,
  organizationKindLabels,
  roleLabels,
  type CreateAccount,
  type Role,
} from '../../shared/identity';
import { errorMessage } from '../api';
import { pickerStart, regionLevelOfRole } from '../auth/access';
import { useMe } from '../auth/session';
import { showFieldError, zodRule } from '../forms';
import { zh } from '../locale/zh-CN';
import { useCreateAccount, useOrganizations, type AccountWithPassword } from './queries';
import { RegionPicker } from './RegionPicker';

const t = zh.accounts.form;

interface CreateValues {
  username: string;
  displayName: string;
  role?: Role;
  regionCode?: string;
  organizationId?: string;
  passwordMode: 'generated' | 'manual';
  password?: string;
}

const serverFields = ['username', 'displayName', 'role', 'regionCode', 'organizationId', 'password'];

/** Where an account of this role belongs: a region of the matching level, or an organisation. */
export function AnchorFields({ role, formName }: { role: Role | undefined; formName: string }) {
  const me = useMe();
  const level = role ? regionLevelOfRole[role] : undefined;
  const organizations = useOrganizations(role === 'org_admin');
  if (role === 'org_admin') {
    const items = organizations.data ?? [];
    const empty = organizations.isSuccess && items.length === 0;
    return (
      <Form.Item
        name="organizationId"
        label={t.organization}
        rules={[{ required: true, message: t.organizationRequired }]}
        extra={empty ? t.organizationEmpty : undefined}
      >
        <Select
          placeholder={t.organizationPlaceholder}
          loading={organizations.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          options={items.map((o) => ({
            value: o.id,
            label: `${o.name}（${organizationKindLabels[o.kind]}）`,
          }))}
          notFoundContent={organizations.isPending ? zh.app.loading : t.organizationEmpty}
        />
      </Form.Item>
    );
  }
  if (!level) return null;
  const start = pickerStart(me, level);
  if (!start) return null;
  return (
    <Form.Item name="regionCode" rules={[{ required: true, message: t.regionRequired }]}>
      {/* Remount on role change: the cascade starts over for the new level. */}
      <RegionPicker key={role} id={`${formName}_regionCode`} startCode={start.code} targetLevel={level} />
    </Form.Item>
  );
}

/** 新建账号: a drawer with the new person's name, role, where they belong and the initial password. */
export function CreateAccountDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (result: AccountWithPassword) => void;
}) {
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<CreateValues>();
  const { message } = App.useApp();
  const create = useCreateAccount();
  const [formError, setFormError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const passwordMode = Form.useWatch('passwordMode', form);

  const submit = (values: CreateValues) => {
    if (!values.role) return;
    setFormError(null);
    const body: CreateAccount = {
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      role: values.role,
      ...(values.regionCode ? { regionCode: values.regionCode } : {}),
      ...(values.organizationId ? { organizationId: values.organizationId } : {}),
      ...(values.passwordMode === 'manual' && values.password ? { password: values.password } : {}),
    };
    create.mutate(body, {
      onSuccess: (result) => {
        void message.success(zh.accounts.done.create);
        form.resetFields();
        onCreated(result);
      },
      onError: (error) => {
        if (!showFieldError(form, error, serverFields)) setFormError(errorMessage(error));
      },
    });
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t.title}
      size={screens.sm === false ? '100%' : 560}
      destroyOnHidden
      closable={{ 'aria-label': t.closeLabel }}
      rootClassName="rz-create-account"
      footer={
        <Space className="rz-drawer-footer">
          <Button onClick={onClose}>{t.cancel}</Button>
          <Button type="primary" onClick={() => form.submit()} loading={create.isPending}>
            {t.submit}
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon title={formError} className="rz-form-alert" />}
      <Form<CreateValues>
        form={form}
        name="create-account"
        layout="vertical"
        onFinish={submit}
        disabled={create.isPending}
        initialValues={{ passwordMode: 'generated' }}
        onValuesChange={(changed: Partial<CreateValues>) => {
          if ('role' in changed) form.setFieldsValue({ regionCode: undefined, organizationId: undefined });
        }}
      >
        <Form.Item
          name="username"
          label={t.username}
          required
          extra={t.usernameHelp}
          rules={[zodRule(createAccountSchema.shape.username)]}
        >
          <Input autoComplete="off" autoCapitalize="off" spellCheck={false} maxLength={32} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t.displayName}
          required
          rules={[zodRule(createAccountSchema.shape.displayName)]}
        >
          <Input autoComplete="off" maxLength={30} placeholder={t.displayNamePlaceholder} />
        </Form.Item>
        <Form.Item name="role" label={t.role} rules={[{ required: true, message: t.roleRequired }]}>
          <Select
            placeholder={t.rolePlaceholder}
            options={me.manageableRoles.map((r) => ({ value: r, label: roleLabels[r] }))}
          />
        </Form.Item>
        <AnchorFields role={role} formName="create-account" />
        <Form.Item name="passwordMode" label={t.passwordMode}>
          <Radio.Group
            aria-label={t.passwordMode}
            options={[
              { value: 'generated', label: t.passwordGenerated },
              { value: 'manual', label: t.passwordManual },
            ]}
          />
        </Form.Item>
        {passwordMode === 'manual' && (
          <Form.Item
            name="password"
            label={t.password}
            rules={[{ required: true, message: t.passwordRequired }]}
          >
            <Input.Password autoComplete="new-password" maxLength={256} visibilityToggle={false} />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
