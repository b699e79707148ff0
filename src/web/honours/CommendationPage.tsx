import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { Commendation } from '../../shared/honours';
import { errorMessage } from '../api';
import { showFieldError } from '../forms';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { ht } from './locale';
import { Failed, Loading } from './parts';
import { commendationPdfPath, useCommendation, useCommendations, useSaveCommendation } from './queries';

const t = ht.commendation;
type Row = Commendation['units'][number];

/** 年度表彰: the year's meeting and its lists, built from the year's awards, printable as a PDF. */
export function CommendationPage() {
  useDocumentTitle(t.title);
  const meetings = useCommendations();
  const current = meetings.data?.currentYear ?? new Date().getFullYear();
  const [year, setYear] = useState<number | null>(null);
  const shown = year ?? current;
  const years = [
    ...new Set([current, current - 1, current - 2, ...(meetings.data?.items.map((m) => m.year) ?? [])]),
  ].sort((a, b) => b - a);
  return (
    <div className="rz-page">
      <PageTitle
        extra={
          <Button
            type="primary"
            icon={<DownloadOutlined aria-hidden="true" />}
            href={commendationPdfPath(shown)}
            download
          >
            {t.pdf}
          </Button>
        }
      >
        {t.title}
      </PageTitle>
      <Card>
        <div className="rz-hon-filters">
          <label htmlFor="rz-hon-comm-year">{t.year}</label>
          <Select
            id="rz-hon-comm-year"
            value={shown}
            onChange={setYear}
            options={years.map((y) => ({
              value: y,
              label: `${y}年${meetings.data?.items.some((m) => m.year === y) ? '' : `（${t.notSaved}）`}`,
            }))}
          />
        </div>
      </Card>
      <YearView key={shown} year={shown} />
    </div>
  );
}

function YearView({ year }: { year: number }) {
  const c = useCommendation(year);
  if (c.isLoading) return <Loading />;
  if (c.isError) return <Failed error={c.error} onRetry={() => void c.refetch()} />;
  const data = c.data!;
  const columns: TableColumnsType<Row> = [
    { title: t.colName, dataIndex: 'name', render: (n: string) => <strong>{n}</strong> },
    { title: t.colHonour, dataIndex: 'honour' },
    { title: t.colRegion, dataIndex: 'regionName' },
  ];
  return (
    <div className="rz-hon-grid">
      <div>
        <Card title={<h2 className="rz-card-heading">{`${t.units}（${data.units.length}）`}</h2>}>
          <Typography.Paragraph type="secondary">{t.fromAwards}</Typography.Paragraph>
          <Table<Row>
            rowKey={(r) => `${r.honour}-${r.name}`}
            columns={columns}
            dataSource={data.units}
            pagination={false}
          />
        </Card>
        <Card title={<h2 className="rz-card-heading">{`${t.individuals}（${data.individuals.length}）`}</h2>}>
          <Table<Row>
            rowKey={(r) => `${r.honour}-${r.name}`}
            columns={columns}
            dataSource={data.individuals}
            pagination={false}
          />
        </Card>
      </div>
      <div>
        <MeetingForm c={data} />
      </div>
    </div>
  );
}

interface Values {
  title: string;
  heldOn: Dayjs | null;
  place: string;
  notes: string;
}

function MeetingForm({ c }: { c: Commendation }) {
  const [form] = Form.useForm<Values>();
  const save = useSaveCommendation(c.year);
  const { message } = App.useApp();
  useEffect(() => {
    form.setFieldsValue({
      title: c.title,
      heldOn: c.heldOn ? dayjs(c.heldOn) : null,
      place: c.place,
      notes: c.notes,
    });
  }, [c, form]);
  const required = [{ required: true, message: ht.form.required }];
  return (
    <Card
      title={
        <h2 className="rz-card-heading">
          {t.meeting} {!c.saved && <Tag>{t.notSaved}</Tag>}
        </h2>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          save.mutate(
            {
              title: v.title,
              heldOn: v.heldOn ? v.heldOn.format('YYYY-MM-DD') : '',
              place: v.place,
              notes: v.notes ?? '',
            },
            {
              onSuccess: () => void message.success(ht.common.saved),
              onError: (e) => {
                if (!showFieldError(form, e, ['title', 'heldOn', 'place', 'notes']))
                  void message.error(errorMessage(e));
              },
            },
          )
        }
      >
        <Form.Item name="title" label={t.name} rules={required}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="heldOn" label={t.heldOn} rules={required}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="place" label={t.place} rules={required}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="notes" label={t.notes}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {ht.common.save}
        </Button>
      </Form>
    </Card>
  );
}
