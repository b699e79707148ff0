import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Popconfirm,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, errorMessage, withQuery } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { formatDateTime, pt } from './locale';
import { Failed } from './parts';
import { usePosterMutations, usePosters, useSetConsent } from './queries';
import {
  posterSizes,
  posterTemplates,
  type Poster,
  type PosterSize,
  type PosterTemplate,
  type SubjectHit,
} from './types';
import { ImageUploadButton, SubjectPicker } from './widgets';

const t = pt.posters;

/** The preview is fetched (not an <img src>) so a refusal shows its message rather than a broken image. */
async function fetchPreview(query: Record<string, string | undefined>): Promise<Blob> {
  const res = await fetch(withQuery('/api/publicity/posters/preview', query), {
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'rongzhi' },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code: ApiError['code']; message: string };
    } | null;
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'HTTP_ERROR',
      body?.error?.message ?? pt.common.loadFailed,
    );
  }
  return res.blob();
}

function ConsentControl({
  hit,
  onChanged,
}: {
  hit: SubjectHit;
  onChanged: (consent: boolean, at: string) => void;
}) {
  const setConsent = useSetConsent();
  const { message } = App.useApp();
  const change = async (consent: boolean) => {
    try {
      const r = await setConsent.mutateAsync({ volunteerId: hit.id, consent });
      onChanged(r.consent, r.consentAt);
      void message.success(pt.common.saved);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };
  return (
    <div className="rz-pub-consent" aria-live="polite">
      {hit.consent ? <Tag color="success">{t.consentYes}</Tag> : <Tag color="warning">{t.consentNo}</Tag>}
      {hit.consentAt && (
        <Typography.Text type="secondary">{t.consentAt(formatDateTime(hit.consentAt))}</Typography.Text>
      )}
      {hit.consent ? (
        <Popconfirm
          title={t.revokeConfirm}
          okText={t.revoke}
          cancelText={pt.common.cancel}
          onConfirm={() => change(false)}
        >
          <Button size="small" loading={setConsent.isPending}>
            {t.revoke}
          </Button>
        </Popconfirm>
      ) : (
        <Popconfirm
          title={t.grantConfirm}
          okText={t.grant}
          cancelText={pt.common.cancel}
          onConfirm={() => change(true)}
        >
          <Button size="small" type="primary" loading={setConsent.isPending}>
            {t.grant}
          </Button>
        </Popconfirm>
      )}
    </div>
  );
}

function PosterList() {
  const list = usePosters();
  const { publish } = usePosterMutations();
  const { message } = App.useApp();
  const toggle = async (p: Poster) => {
    try {
      await publish.mutateAsync({ id: p.id, publish: p.status !== 'published' });
      void message.success(pt.common.done);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };
  const columns: TableColumnsType<Poster> = [
    {
      title: t.colSubject,
      key: 'subject',
      render: (_, p) => `${pt.labels.subjectKind[p.subjectKind]}：${p.subjectName}`,
    },
    {
      title: t.colTemplate,
      dataIndex: 'template',
      render: (v: PosterTemplate) => pt.labels.template[v] ?? v,
    },
    {
      title: t.colSize,
      dataIndex: 'size',
      responsive: ['md'],
      render: (v: PosterSize) => pt.labels.size[v] ?? v,
    },
    {
      title: t.colStatus,
      dataIndex: 'status',
      render: (s: Poster['status']) => (
        <Tag color={s === 'published' ? 'success' : 'default'}>{pt.labels.posterStatus[s]}</Tag>
      ),
    },
    {
      title: t.colCreated,
      dataIndex: 'createdAt',
      responsive: ['lg'],
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t.colActions,
      key: 'actions',
      render: (_, p) => (
        <Space wrap>
          <a href={`/api/publicity/posters/${p.id}/png`} download>
            <DownloadOutlined aria-hidden="true" /> {t.download}
          </a>
          {p.mayPublish && (
            <Button
              size="small"
              type={p.status === 'published' ? 'default' : 'primary'}
              onClick={() => void toggle(p)}
            >
              {p.status === 'published' ? t.withdraw : t.publish}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  if (list.isError) return <Failed error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Table<Poster>
      rowKey="id"
      columns={columns}
      dataSource={list.data ?? []}
      loading={list.isLoading}
      locale={{ emptyText: t.empty }}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
    />
  );
}

/** 志愿者风采海报: choose a consenting volunteer or a team, preview, save, download, publish. */
export function PostersPage() {
  useDocumentTitle(t.title);
  const { message } = App.useApp();
  const { create } = usePosterMutations();
  const [kind, setKind] = useState<'volunteer' | 'team'>('volunteer');
  const [subject, setSubject] = useState<SubjectHit | null>(null);
  const [template, setTemplate] = useState<PosterTemplate>('red');
  const [size, setSize] = useState<PosterSize>('portrait');
  const [quote, setQuote] = useState('');
  const [photo, setPhoto] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  const input = () =>
    subject
      ? {
          subjectKind: kind,
          subjectId: subject.id,
          template,
          size,
          quote: quote.trim(),
          photoMediaId: photo ?? undefined,
        }
      : null;

  const showPreview = async () => {
    const q = input();
    if (!q) return setError(t.pickFirst);
    setBusy(true);
    try {
      const blob = await fetchPreview(q);
      setPreview(URL.createObjectURL(blob));
      setError(null);
    } catch (e) {
      setPreview(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    const q = input();
    if (!q) return setError(t.pickFirst);
    try {
      await create.mutateAsync({ ...q, photoMediaId: photo });
      setError(null);
      void message.success(pt.common.saved);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="rz-page">
      <PageTitle>{t.title}</PageTitle>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <div className="rz-pub-poster">
        <Card className="rz-pub-poster-form">
          <Form layout="vertical">
            {error && <Alert type="error" showIcon title={error} className="rz-pub-alert" />}
            <Form.Item label={t.kind}>
              <Radio.Group
                value={kind}
                onChange={(e) => {
                  setKind(e.target.value as 'volunteer' | 'team');
                  setSubject(null);
                  setPreview(null);
                }}
                options={[
                  { value: 'volunteer', label: pt.labels.subjectKind.volunteer },
                  { value: 'team', label: pt.labels.subjectKind.team },
                ]}
                optionType="button"
              />
            </Form.Item>
            <Form.Item label={t.subject} htmlFor="rz-poster-subject">
              <SubjectPicker
                key={kind}
                id="rz-poster-subject"
                kind={kind}
                value={subject?.id ?? null}
                onChange={(_, hit) => {
                  setSubject(hit);
                  setPreview(null);
                  setError(null);
                }}
                placeholder={t.subjectSearch}
              />
            </Form.Item>
            {kind === 'volunteer' && subject && (
              <Form.Item label={t.consent}>
                <ConsentControl
                  hit={subject}
                  onChanged={(consent, at) => setSubject({ ...subject, consent, consentAt: at })}
                />
              </Form.Item>
            )}
            <Form.Item label={t.template}>
              <Radio.Group
                value={template}
                onChange={(e) => setTemplate(e.target.value as PosterTemplate)}
                options={posterTemplates.map((v) => ({ value: v, label: pt.labels.template[v] }))}
                optionType="button"
              />
            </Form.Item>
            <Form.Item label={t.size}>
              <Radio.Group
                value={size}
                onChange={(e) => setSize(e.target.value as PosterSize)}
                options={posterSizes.map((v) => ({ value: v, label: pt.labels.size[v] }))}
                optionType="button"
              />
            </Form.Item>
            <Form.Item label={t.quote} htmlFor="rz-poster-quote">
              <Input
                id="rz-poster-quote"
                maxLength={40}
                placeholder={t.quotePlaceholder}
                value={quote}
                onChange={(e) => setQuote(e.target.value)}
              />
            </Form.Item>
            <Form.Item label={t.photo}>
              <Space>
                <ImageUploadButton
                  label={t.uploadPhoto}
                  accept="image/png,image/jpeg"
                  onUploaded={(m) => setPhoto(m.id)}
                />
                {photo && <Button onClick={() => setPhoto(null)}>{t.removePhoto}</Button>}
              </Space>
            </Form.Item>
            <Space>
              <Button onClick={() => void showPreview()} loading={busy}>
                {t.preview}
              </Button>
              <Button type="primary" onClick={() => void save()} loading={create.isPending}>
                {t.save}
              </Button>
            </Space>
          </Form>
        </Card>
        <Card className="rz-pub-poster-preview" aria-busy={busy}>
          {preview ? (
            <img
              src={preview}
              alt={t.previewAlt(subject?.name ?? '')}
              className={`rz-pub-poster-img rz-pub-poster-${size}`}
            />
          ) : (
            <Typography.Text type="secondary">{busy ? t.previewing : t.pickFirst}</Typography.Text>
          )}
        </Card>
      </div>
      <Card title={t.listTitle} className="rz-pub-poster-list">
        <PosterList />
      </Card>
    </div>
  );
}
