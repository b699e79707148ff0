import { EditOutlined, FileTextOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { BrandFormModal, HighlightModal } from './BrandFormModal';
import { HonoursSection } from './HonoursSection';
import { bt } from './locale';
import { Failed, formatDate, Loading, mayKeepBrandIn, Paragraphs } from './parts';
import { useBrand, useCases, type CaseSummary } from './queries';
import { ResultsCard } from './ResultsCard';

const d = bt.detail;

/** 品牌详情: description, teams, highlights, results, honours and the cases written from it. */
export function BrandDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const brand = useBrand(id);
  const cases = useCases({ brandId: id });
  const [editing, setEditing] = useState(false);
  const [highlight, setHighlight] = useState<{ id: string; title: string; body: string } | 'new' | null>(
    null,
  );
  useDocumentTitle(brand.data?.name ?? bt.list.title);

  if (brand.isError) return <Failed error={brand.error} onRetry={() => void brand.refetch()} />;
  if (!brand.data) return <Loading />;
  const b = brand.data;
  const keeper = mayKeepBrandIn(me, b.countyCode);

  return (
    <div className="rz-page rz-brand-page">
      <PageTitle
        extra={
          <Space wrap>
            <Button onClick={() => navigate('/brands')}>{bt.common.back}</Button>
            {keeper ? (
              <Button icon={<EditOutlined aria-hidden="true" />} onClick={() => setEditing(true)}>
                {bt.common.edit}
              </Button>
            ) : null}
          </Space>
        }
      >
        {b.name}
      </PageTitle>
      <div className="rz-brand-stack">
        <Card title={<h2 className="rz-brand-card-h2">{d.description}</h2>}>
          <p>
            <Tag>{b.countyName}</Tag>
          </p>
          <Paragraphs text={b.description} />
          <h3 className="rz-brand-card-h2">{d.teams}</h3>
          {b.teams.length ? (
            <ul>
              {b.teams.map((x) => (
                <li key={x.id}>
                  <Link to={`/teams/${x.id}`}>{x.name}</Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="rz-brand-muted">{d.noTeams}</p>
          )}
        </Card>
        <Card
          title={<h2 className="rz-brand-card-h2">{d.highlights}</h2>}
          extra={
            keeper ? (
              <Button
                size="small"
                icon={<PlusOutlined aria-hidden="true" />}
                onClick={() => setHighlight('new')}
              >
                {d.addHighlight}
              </Button>
            ) : undefined
          }
        >
          {b.highlights.length === 0 ? (
            <p className="rz-brand-muted">{d.noHighlights}</p>
          ) : (
            b.highlights.map((h) => (
              <div key={h.id} className="rz-brand-highlight">
                <div className="rz-brand-highlight-head">
                  <h3>{h.title}</h3>
                  {keeper ? (
                    <Space wrap>
                      <Button size="small" onClick={() => setHighlight(h)}>
                        {bt.common.edit}
                      </Button>
                      <Button
                        size="small"
                        icon={<FileTextOutlined aria-hidden="true" />}
                        onClick={() => navigate(`/cases/new?highlightId=${h.id}`)}
                      >
                        {d.writeCase}
                      </Button>
                    </Space>
                  ) : null}
                </div>
                {h.body ? <Paragraphs text={h.body} /> : null}
              </div>
            ))
          )}
        </Card>
        <ResultsCard results={b.results} />
        <HonoursSection brandId={b.id} />
        <Card title={<h2 className="rz-brand-card-h2">{d.cases}</h2>}>
          <Table<CaseSummary>
            rowKey="id"
            size="small"
            dataSource={cases.data ?? []}
            loading={cases.isLoading}
            pagination={false}
            locale={{ emptyText: d.noCases }}
            columns={[
              {
                title: bt.cases.colTitle,
                dataIndex: 'title',
                render: (title: string, c) => <Link to={`/cases/${c.id}`}>{title}</Link>,
              },
              {
                title: bt.cases.colStatus,
                dataIndex: 'status',
                render: (s: string) => (
                  <Tag className={s === 'published' ? 'rz-brand-tag-ok' : undefined}>
                    {bt.cases.statusLabel[s]}
                  </Tag>
                ),
              },
              { title: bt.cases.colUpdated, dataIndex: 'updatedAt', render: (v: string) => formatDate(v) },
            ]}
          />
        </Card>
      </div>
      <BrandFormModal open={editing} brand={b} onClose={() => setEditing(false)} />
      <HighlightModal
        open={highlight !== null}
        brandId={b.id}
        highlight={highlight && highlight !== 'new' ? highlight : undefined}
        onClose={() => setHighlight(null)}
      />
    </div>
  );
}
