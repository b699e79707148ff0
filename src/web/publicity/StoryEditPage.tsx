import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { formatDateTime, pt } from './locale';
import { Failed, Loading, StoryBody, StoryStatusTag } from './parts';
import { useSaveStory, useStory, useStoryAction } from './queries';
import {
  spansToText,
  storyChannels,
  subjectKinds,
  textToSpans,
  type Story,
  type StoryBlock,
  type StoryChannel,
  type StoryInput,
  type SubjectKind,
} from './types';
import { ImageUploadButton, SubjectPicker } from './widgets';

const t = pt.edit;
const staffImage = (id: string) => `/api/publicity/media/${id}`;

/** The editor's own shape of a block: a paragraph is edited as text with **bold** marks. */
type EditBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'quote'; text: string }
  | { type: 'image'; mediaId: string; caption: string };

const toEdit = (b: StoryBlock): EditBlock =>
  b.type === 'paragraph' ? { type: 'paragraph', text: spansToText(b.spans) } : b;
const fromEdit = (b: EditBlock): StoryBlock | null => {
  if (b.type === 'paragraph')
    return b.text.trim() ? { type: 'paragraph', spans: textToSpans(b.text.trim()) } : null;
  if (b.type === 'image') return b;
  return b.text.trim() ? { ...b, text: b.text.trim() } : null;
};

function BlockEditor({ blocks, onChange }: { blocks: EditBlock[]; onChange: (blocks: EditBlock[]) => void }) {
  const set = (i: number, b: EditBlock) => onChange(blocks.map((x, j) => (j === i ? b : x)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...blocks];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    onChange(next);
  };
  return (
    <div className="rz-pub-blocks">
      {blocks.map((b, i) => (
        <div key={i} className={`rz-pub-block rz-pub-block-${b.type}`}>
          <div className="rz-pub-block-bar">
            <Typography.Text type="secondary">{t.blockType[b.type]}</Typography.Text>
            <Space size={4}>
              <Button
                size="small"
                icon={<ArrowUpOutlined />}
                aria-label={t.moveUp}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              />
              <Button
                size="small"
                icon={<ArrowDownOutlined />}
                aria-label={t.moveDown}
                disabled={i === blocks.length - 1}
                onClick={() => move(i, 1)}
              />
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t.remove}
                onClick={() => onChange(blocks.filter((_, j) => j !== i))}
              />
            </Space>
          </div>
          {b.type === 'heading' && (
            <Input
              aria-label={t.blockType.heading}
              maxLength={100}
              value={b.text}
              onChange={(e) => set(i, { ...b, text: e.target.value })}
            />
          )}
          {(b.type === 'paragraph' || b.type === 'quote') && (
            <Input.TextArea
              aria-label={t.blockType[b.type]}
              autoSize={{ minRows: b.type === 'paragraph' ? 3 : 2, maxRows: 12 }}
              value={b.text}
              onChange={(e) => set(i, { ...b, text: e.target.value })}
            />
          )}
          {b.type === 'image' && (
            <div className="rz-pub-block-image">
              <img src={staffImage(b.mediaId)} alt={b.caption} />
              <Input
                aria-label={t.caption}
                placeholder={t.caption}
                maxLength={100}
                value={b.caption}
                onChange={(e) => set(i, { ...b, caption: e.target.value })}
              />
            </div>
          )}
        </div>
      ))}
      <Space wrap className="rz-pub-block-add">
        <Button onClick={() => onChange([...blocks, { type: 'paragraph', text: '' }])}>
          ＋{t.addParagraph}
        </Button>
        <Button onClick={() => onChange([...blocks, { type: 'heading', text: '' }])}>＋{t.addHeading}</Button>
        <Button onClick={() => onChange([...blocks, { type: 'quote', text: '' }])}>＋{t.addQuote}</Button>
        <ImageUploadButton
          label={`＋${t.addImage}`}
          onUploaded={(m) => onChange([...blocks, { type: 'image', mediaId: m.id, caption: '' }])}
        />
      </Space>
    </div>
  );
}

function Workflow({ story }: { story: Story }) {
  const action = useStoryAction(story.id);
  const { message } = App.useApp();
  const [asking, setAsking] = useState<'return' | 'unpublish' | null>(null);
  const [reason, setReason] = useState('');
  const run = async (a: 'review' | 'publish' | 'return' | 'unpublish', why?: string) => {
    try {
      await action.mutateAsync({ action: a, reason: why });
      void message.success(pt.common.done);
      setAsking(null);
      setReason('');
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };
  return (
    <Card title={t.workflow} size="small" className="rz-pub-workflow">
      <Space wrap>
        {story.status === 'draft' && (
          <Button type="primary" loading={action.isPending} onClick={() => void run('review')}>
            {t.review}
          </Button>
        )}
        {story.status === 'reviewed' && (
          <>
            <Button type="primary" loading={action.isPending} onClick={() => void run('publish')}>
              {t.publish}
            </Button>
            <Button onClick={() => setAsking('return')}>{t.return}</Button>
          </>
        )}
        {story.status === 'published' && (
          <Button danger onClick={() => setAsking('unpublish')}>
            {t.unpublish}
          </Button>
        )}
      </Space>
      <Modal
        open={!!asking}
        title={t.reasonTitle}
        okText={asking ? t[asking] : ''}
        cancelText={pt.common.cancel}
        confirmLoading={action.isPending}
        onCancel={() => setAsking(null)}
        onOk={() => asking && void run(asking, reason)}
      >
        <Input.TextArea
          aria-label={t.reasonTitle}
          placeholder={t.reasonPlaceholder}
          maxLength={300}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}

function Editor({ story }: { story?: Story }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const save = useSaveStory(story?.id);
  const [title, setTitle] = useState(story?.title ?? '');
  const [summary, setSummary] = useState(story?.summary ?? '');
  const [channel, setChannel] = useState<StoryChannel>(story?.channel ?? 'wechat');
  const [subjectKind, setSubjectKind] = useState<SubjectKind | null>(story?.subjectKind ?? null);
  const [subjectId, setSubjectId] = useState<string | null>(story?.subjectId ?? null);
  const [cover, setCover] = useState<string | null>(story?.coverMediaId ?? null);
  const [blocks, setBlocks] = useState<EditBlock[]>(
    story ? story.body.map(toEdit) : [{ type: 'paragraph', text: '' }],
  );
  const [error, setError] = useState<string | null>(null);
  const locked = story?.status === 'published';

  const submit = async () => {
    const body = blocks.map(fromEdit).filter((b): b is StoryBlock => b !== null);
    if (!body.length) return setError(t.emptyBody);
    const input: StoryInput = {
      title,
      summary,
      channel,
      subjectKind,
      subjectId: subjectKind ? subjectId : null,
      coverMediaId: cover,
      body,
    };
    try {
      const { id } = await save.mutateAsync(story ? { ...input, version: story.version } : input);
      setError(null);
      void message.success(pt.common.saved);
      if (!story) navigate(`/publicity/stories/${id}`, { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Form layout="vertical" className="rz-pub-form" onFinish={() => void submit()} disabled={locked}>
      {error && <Alert type="error" showIcon title={error} className="rz-pub-alert" />}
      <Form.Item label={t.title} required htmlFor="rz-story-title">
        <Input
          id="rz-story-title"
          maxLength={100}
          placeholder={t.titlePlaceholder}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </Form.Item>
      <Form.Item label={t.summary} help={t.summaryHelp} htmlFor="rz-story-summary">
        <Input.TextArea
          id="rz-story-summary"
          maxLength={300}
          autoSize={{ minRows: 2 }}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
        />
      </Form.Item>
      <Space wrap size="large" align="start">
        <Form.Item label={t.channel} htmlFor="rz-story-channel">
          <Select
            id="rz-story-channel"
            className="rz-pub-select"
            value={channel}
            onChange={setChannel}
            options={storyChannels.map((c) => ({ value: c, label: pt.labels.channel[c] }))}
          />
        </Form.Item>
        <Form.Item label={t.subjectKind} htmlFor="rz-story-subject-kind">
          <Select
            id="rz-story-subject-kind"
            className="rz-pub-select"
            value={subjectKind ?? ''}
            onChange={(v: string) => {
              setSubjectKind((v || null) as SubjectKind | null);
              setSubjectId(null);
            }}
            options={[
              { value: '', label: t.subjectNone },
              ...subjectKinds.map((k) => ({ value: k, label: pt.labels.subjectKind[k] })),
            ]}
          />
        </Form.Item>
        {subjectKind && (
          <Form.Item label={t.subject} htmlFor="rz-story-subject">
            <SubjectPicker
              id="rz-story-subject"
              kind={subjectKind}
              value={subjectId}
              initialName={story?.subjectKind === subjectKind ? story.subjectName : null}
              onChange={(id) => setSubjectId(id)}
              placeholder={t.subjectSearch}
            />
          </Form.Item>
        )}
      </Space>
      <Form.Item label={t.cover} help={t.imageHelp}>
        <Space align="start" wrap>
          {cover && <img className="rz-pub-cover-thumb" src={staffImage(cover)} alt={t.cover} />}
          <ImageUploadButton label={t.uploadCover} onUploaded={(m) => setCover(m.id)} />
          {cover && <Button onClick={() => setCover(null)}>{t.removeCover}</Button>}
        </Space>
      </Form.Item>
      <Form.Item label={t.body} help={t.bodyHelp}>
        <BlockEditor blocks={blocks} onChange={setBlocks} />
      </Form.Item>
      {!locked && (
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {story ? t.update : t.create}
        </Button>
      )}
    </Form>
  );
}

/** 撰写/编辑稿件, with review and publication for county and city staff. */
export function StoryEditPage() {
  const { id } = useParams();
  const story = useStory(id);
  useDocumentTitle(id ? t.editTitle : t.newTitle);

  if (id && story.isLoading) return <Loading />;
  if (id && story.isError) return <Failed error={story.error} onRetry={() => void story.refetch()} />;
  const s = story.data;
  return (
    <div className="rz-page">
      <PageTitle extra={<Link to="/publicity/stories">{pt.common.back}</Link>}>
        {s ? t.editTitle : t.newTitle} {s && <StoryStatusTag status={s.status} />}
      </PageTitle>
      {s && (
        <div className="rz-pub-meta">
          <Typography.Text type="secondary">
            {t.author}：{s.authorName} · {t.region}：{s.regionName} · {formatDateTime(s.updatedAt)}
          </Typography.Text>
          {s.status === 'reviewed' && <Alert type="info" showIcon title={t.reviewedNote} />}
          {s.status === 'published' && (
            <Alert
              type="success"
              showIcon
              title={t.publishedNote}
              action={<Link to={`/portal/stories/${s.id}`}>{t.viewPublic}</Link>}
            />
          )}
          {s.returnReason && s.status === 'draft' && (
            <Alert type="warning" showIcon title={t.returned(s.returnReason)} />
          )}
          {s.mayPublish && <Workflow story={s} />}
        </div>
      )}
      <div className="rz-pub-edit">
        <Card className="rz-pub-edit-main">
          {/* After a save or a transition the editor starts again from what the server holds. */}
          <Editor key={s ? `${s.id}-${s.version}` : 'new'} story={s} />
        </Card>
        {s && (
          <Card className="rz-pub-edit-preview" title={t.preview} size="small">
            <article className="rz-story rz-story-compact">
              {s.coverMediaId && <img className="rz-story-cover" src={staffImage(s.coverMediaId)} alt="" />}
              <h2 className="rz-story-title">{s.title}</h2>
              <StoryBody blocks={s.body} imageUrl={staffImage} />
            </article>
          </Card>
        )}
      </div>
    </div>
  );
}
