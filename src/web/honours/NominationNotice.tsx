import { App, Button, Card, Empty, Form, Input, Radio, Tag, Typography } from 'antd';
import type { NominationDetail } from '../../shared/honours';
import { errorMessage } from '../api';
import { showFieldError } from '../forms';
import { formatDateTime } from '../locale/zh-CN';
import { ht } from './locale';
import { useNominationAction } from './queries';

const t = ht.detail;

/** 推荐详情: 公示 with its countdown and the objections. */
export function Notice({ n }: { n: NominationDetail }) {
  const object = useNominationAction<{ content: string }>(n.id, 'objections');
  const [form] = Form.useForm<{ content: string }>();
  const { message } = App.useApp();
  return (
    <Card title={<h2 className="rz-card-heading">{t.notice}</h2>}>
      <p>{t.noticeRange(n.noticeStartsOn ?? '', n.noticeEndsOn ?? '', n.noticeDays ?? 0)}</p>
      <p
        className={`rz-hon-countdown${n.noticeOver ? ' rz-hon-countdown-over' : ''}`}
        role="status"
        data-testid="notice-countdown"
      >
        {t.noticeLeft(n.noticeWorkingDaysLeft ?? 0)}
      </p>
      <Typography.Title level={3} className="rz-hon-subheading">
        {t.objections}
      </Typography.Title>
      {n.objections.length ? (
        n.objections.map((o) => <Objection key={o.id} n={n} o={o} />)
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noObjections} />
      )}
      {n.can.object && (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            object.mutate(v, {
              onSuccess: () => {
                form.resetFields();
                void message.success(ht.common.done);
              },
              onError: (e) => {
                if (!showFieldError(form, e, ['content'])) void message.error(errorMessage(e));
              },
            })
          }
        >
          <Form.Item
            name="content"
            label={t.objectionContent}
            rules={[{ required: true, message: ht.form.required }]}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Button htmlType="submit" loading={object.isPending}>
            {t.raiseObjection}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function Objection({ n, o }: { n: NominationDetail; o: NominationDetail['objections'][number] }) {
  const resolve = useNominationAction<{ outcome: 'upheld' | 'dismissed'; resolution: string }>(
    n.id,
    `objections/${o.id}/resolve`,
  );
  const [form] = Form.useForm<{ outcome: 'upheld' | 'dismissed'; resolution: string }>();
  const { message } = App.useApp();
  const label =
    o.status === 'open' ? t.objectionOpen : o.status === 'upheld' ? t.objectionUpheld : t.objectionDismissed;
  return (
    <div className="rz-hon-objection">
      <div className="rz-hon-objection-meta">
        {formatDateTime(o.at)} · {o.raisedBy ?? t.objectionSource[o.source]} ·{' '}
        <Tag color={o.status === 'open' ? 'orange' : undefined}>{label}</Tag>
      </div>
      <div>{o.content}</div>
      {o.resolution && (
        <div className="rz-hon-objection-meta">
          {o.resolvedBy}：{o.resolution}
        </div>
      )}
      {o.status === 'open' && n.can.resolveObjections && (
        <Form
          form={form}
          layout="inline"
          initialValues={{ outcome: 'dismissed' }}
          onFinish={(v) =>
            resolve.mutate(v, {
              onSuccess: () => void message.success(ht.common.done),
              onError: (e) => void message.error(errorMessage(e)),
            })
          }
        >
          <Form.Item name="outcome">
            <Radio.Group
              options={[
                { value: 'dismissed', label: t.dismissed },
                { value: 'upheld', label: t.upheld },
              ]}
            />
          </Form.Item>
          <Form.Item name="resolution" rules={[{ required: true, message: ht.form.required }]}>
            <Input placeholder={t.resolution} aria-label={t.resolution} />
          </Form.Item>
          <Button htmlType="submit" loading={resolve.isPending}>
            {t.resolve}
          </Button>
        </Form>
      )}
    </div>
  );
}
