import { App, Button, Card, Form, Input, InputNumber, Radio, Typography } from 'antd';
import { DEFAULT_NOTICE_DAYS, type NominationDetail } from '../../shared/honours';
import { errorMessage } from '../api';
import { showFieldError } from '../forms';
import { ht } from './locale';
import { useNominationAction } from './queries';

const t = ht.detail;

/** The one step open to this viewer, if any: review, outside result, or the final result after 公示. */
export function Actions({ n }: { n: NominationDetail }) {
  if (n.can.review) return <ReviewForm n={n} level={n.can.review} />;
  if (n.can.enterOutsideResult) return <OutsideForm n={n} />;
  if (n.status === 'notice' && n.noticeOver && n.can.resolveObjections) return <FinalizeForm n={n} />;
  return null;
}

function ReviewForm({ n, level }: { n: NominationDetail; level: 'county' | 'city' }) {
  const review = useNominationAction<{
    level: string;
    decision: string;
    reason: string;
    noticeDays?: number;
  }>(n.id, 'review');
  const [form] = Form.useForm<{ decision: 'approve' | 'reject'; reason: string; noticeDays: number }>();
  const { message } = App.useApp();
  const decision = Form.useWatch('decision', form);
  const startsNotice = level === 'city' && n.level === 'city';
  return (
    <Card title={<h2 className="rz-card-heading">{t.review(level)}</h2>} className="rz-hon-actions">
      {level === 'city' && n.level !== 'city' && (
        <Typography.Paragraph type="secondary">{t.reportsUpNote}</Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decision: 'approve', noticeDays: DEFAULT_NOTICE_DAYS }}
        onFinish={(v) =>
          review.mutate(
            {
              level,
              decision: v.decision,
              reason: v.reason,
              ...(startsNotice ? { noticeDays: v.noticeDays } : {}),
            },
            {
              onSuccess: () => void message.success(ht.common.done),
              onError: (e) => {
                if (!showFieldError(form, e, ['reason', 'noticeDays'])) void message.error(errorMessage(e));
              },
            },
          )
        }
      >
        <Form.Item name="decision">
          <Radio.Group
            options={[
              { value: 'approve', label: t.approve },
              { value: 'reject', label: t.reject },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={t.reason} rules={[{ required: true, message: ht.form.required }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {startsNotice && decision === 'approve' && (
          <Form.Item name="noticeDays" label={t.noticeDays}>
            <InputNumber min={1} max={30} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={review.isPending} danger={decision === 'reject'}>
          {ht.common.submit}
        </Button>
      </Form>
    </Card>
  );
}

function OutsideForm({ n }: { n: NominationDetail }) {
  const act = useNominationAction<{ selected: boolean; note: string; noticeDays: number }>(
    n.id,
    'outside-result',
  );
  const [form] = Form.useForm<{ selected: boolean; note: string; noticeDays: number }>();
  const { message } = App.useApp();
  const selected = Form.useWatch('selected', form);
  return (
    <Card title={<h2 className="rz-card-heading">{t.outside}</h2>} className="rz-hon-actions">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ selected: true, noticeDays: DEFAULT_NOTICE_DAYS }}
        onFinish={(v) =>
          act.mutate(v, {
            onSuccess: () => void message.success(ht.common.done),
            onError: (e) => {
              if (!showFieldError(form, e, ['note', 'noticeDays'])) void message.error(errorMessage(e));
            },
          })
        }
      >
        <Form.Item name="selected">
          <Radio.Group
            options={[
              { value: true, label: t.selected },
              { value: false, label: t.notSelected },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t.outsideNote} rules={[{ required: true, message: ht.form.required }]}>
          <Input maxLength={2000} />
        </Form.Item>
        {selected && (
          <Form.Item name="noticeDays" label={t.noticeDays}>
            <InputNumber min={1} max={30} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={act.isPending}>
          {ht.common.submit}
        </Button>
      </Form>
    </Card>
  );
}

function FinalizeForm({ n }: { n: NominationDetail }) {
  const act = useNominationAction<{ awarded: boolean; reason: string; roleTaken?: string }>(n.id, 'finalize');
  const [form] = Form.useForm<{ awarded: boolean; reason: string; roleTaken?: string }>();
  const { message } = App.useApp();
  const awarded = Form.useWatch('awarded', form);
  const open = n.objections.some((o) => o.status === 'open');
  const upheld = n.objections.some((o) => o.status === 'upheld');
  const blocked = open || upheld;
  return (
    <Card title={<h2 className="rz-card-heading">{t.finalize}</h2>} className="rz-hon-actions">
      {open && <Typography.Paragraph type="warning">{t.blockedByObjection}</Typography.Paragraph>}
      {!open && upheld && <Typography.Paragraph type="warning">{t.blockedByUpheld}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ awarded: true }}
        onFinish={(v) =>
          act.mutate(
            {
              awarded: v.awarded,
              reason: v.reason,
              ...(v.awarded && n.outcome === 'role' ? { roleTaken: v.roleTaken } : {}),
            },
            {
              onSuccess: () => void message.success(ht.common.done),
              onError: (e) => {
                if (!showFieldError(form, e, ['reason', 'roleTaken'])) void message.error(errorMessage(e));
              },
            },
          )
        }
      >
        <Form.Item name="awarded">
          <Radio.Group
            options={[
              { value: true, label: n.outcome === 'role' ? ht.labels.outcome.role : t.award },
              { value: false, label: t.notAward },
            ]}
          />
        </Form.Item>
        {awarded && n.outcome === 'role' && (
          <Form.Item
            name="roleTaken"
            label={t.roleTaken}
            rules={[{ required: true, message: ht.form.required }]}
          >
            <Input maxLength={60} />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t.finalReason}
          rules={[{ required: true, message: ht.form.required }]}
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={act.isPending} disabled={awarded && blocked}>
          {ht.common.submit}
        </Button>
      </Form>
    </Card>
  );
}
