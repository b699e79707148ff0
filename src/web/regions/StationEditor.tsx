import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import {
  stationUpdateSchema,
  type RegionDetail,
  type Station,
  type StationUpdate,
} from '../../shared/regions';
import { api, errorMessage } from '../api';
import { showFieldError, zodRule } from '../forms';
import { zh } from '../locale/zh-CN';
import { regionKeys } from './queries';
import { stationKindTitle } from './StationCard';

const t = zh.station;
const fields = ['name', 'address', 'contactName', 'contactPhone'] as const;

/** Edit a region's 服务中心/服务站 (name, address, contact); the server checks the editor's scope again. */
export function StationEditor({ detail, onClose }: { detail: RegionDetail; onClose: () => void }) {
  const { region, station } = detail;
  const [form] = Form.useForm<StationUpdate>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: StationUpdate) =>
      api.put<Station>(`/api/regions/${encodeURIComponent(region.code)}/station`, body),
    onSuccess: (saved) => {
      client.setQueryData<RegionDetail>(regionKeys.detail(region.code), (old) =>
        old ? { ...old, station: saved } : old,
      );
    },
  });

  const submit = (values: StationUpdate) => {
    setFormError(null);
    const body = Object.fromEntries(fields.map((f) => [f, (values[f] ?? '').trim()])) as StationUpdate;
    save.mutate(body, {
      onSuccess: () => {
        void message.success(t.saved);
        onClose();
      },
      onError: (error) => {
        if (!showFieldError(form, error, fields)) setFormError(errorMessage(error));
      },
    });
  };

  const kind = stationKindTitle(region.level);
  return (
    <Modal
      open
      title={t.editTitle(region.name, kind)}
      okText={t.save}
      cancelText={t.cancel}
      okButtonProps={{ loading: save.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={600}
    >
      {formError && <Alert type="error" showIcon title={formError} className="rz-form-alert" />}
      <Form<StationUpdate>
        form={form}
        name="station"
        layout="vertical"
        initialValues={{
          name: station.name,
          address: station.address,
          contactName: station.contactName,
          contactPhone: station.contactPhone,
        }}
        onFinish={submit}
        disabled={save.isPending}
      >
        <Form.Item name="name" label={t.name} required rules={[zodRule(stationUpdateSchema.shape.name)]}>
          <Input maxLength={60} placeholder={t.namePlaceholder} />
        </Form.Item>
        <Form.Item name="address" label={t.address} rules={[zodRule(stationUpdateSchema.shape.address)]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item
          name="contactName"
          label={t.contactName}
          rules={[zodRule(stationUpdateSchema.shape.contactName)]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t.contactPhone}
          rules={[zodRule(stationUpdateSchema.shape.contactPhone)]}
        >
          <Input type="tel" maxLength={20} placeholder={t.phonePlaceholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
