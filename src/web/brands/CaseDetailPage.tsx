import { EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Tag } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorMessage } from '../api';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { HonoursSection } from './HonoursSection';
import { bt } from './locale';
import { Failed, formatDate, Loading, mayKeepBrandIn, Paragraphs } from './parts';
import { useBrandMutation, useCase } from './queries';
import { ResultsCard } from './ResultsCard';

const t = bt.cases;

/** 典型案例: background, what was done, results (with the brand's data) and honours. */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const one = useCase(id);
  const setStatus = useBrandMutation((status: 'draft' | 'published') =>
    api.post(`/api/cases/${id}/status`, { status }),
  );
  useDocumentTitle(one.data?.title ?? t.title);
  if (one.isError) return <Failed error={one.error} onRetry={() => void one.refetch()} />;
  if (!one.data) return <Loading />;
  const c = one.data;
  const keeper = mayKeepBrandIn(me, c.regionCode);
  const change = async (status: 'draft' | 'published') => {
    try {
      await setStatus.mutateAsync(status);
      void message.success(status === 'published' ? t.published : t.unpublished);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const section = (title: string, text: string) => (
    <section className="rz-brand-section rz-brand-case-body">
      <h2>{title}</h2>
      <Paragraphs text={text} />
    </section>
  );

  return (
    <div className="rz-page rz-brand-page">
      <PageTitle
        extra={
          <Space wrap>
            <Button onClick={() => navigate('/cases')}>{bt.common.back}</Button>
            {keeper ? (
              <>
                <Button
                  icon={<EditOutlined aria-hidden="true" />}
                  onClick={() => navigate(`/cases/${c.id}/edit`)}
                >
                  {bt.common.edit}
                </Button>
                {c.status === 'draft' ? (
                  <Button
                    type="primary"
                    loading={setStatus.isPending}
                    onClick={() => void change('published')}
                  >
                    {t.publish}
                  </Button>
                ) : (
                  <Button loading={setStatus.isPending} onClick={() => void change('draft')}>
                    {t.unpublish}
                  </Button>
                )}
              </>
            ) : null}
          </Space>
        }
      >
        {c.title}
      </PageTitle>
      <div className="rz-brand-stack">
        <Card>
          <p>
            <Tag className={c.status === 'published' ? 'rz-brand-tag-ok' : undefined}>
              {t.statusLabel[c.status]}
            </Tag>
            <Link to={`/brands/${c.brandId}`}>{c.brandName}</Link> · {c.countyName}
            {c.fieldName ? ` · ${c.fieldName}` : ''} · {formatDate(c.publishedAt ?? c.updatedAt)}
          </p>
          {c.highlightTitle ? (
            <p className="rz-brand-muted">
              {t.highlight}：{c.highlightTitle}
            </p>
          ) : null}
          {section(t.background, c.background)}
          {section(t.actions, c.actions)}
          {section(t.resultsText, c.results)}
        </Card>
        <ResultsCard results={c.brandOutputs} title={t.brandData} />
        <HonoursSection brandId={c.brandId} title={t.honours} />
      </div>
    </div>
  );
}
