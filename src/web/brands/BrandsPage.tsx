import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Progress, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../auth/session';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { BrandFormModal } from './BrandFormModal';
import { bt } from './locale';
import { Failed, Loading, mayKeepBrandIn } from './parts';
import { useBrands, useCoverage, type BrandSummary, type Coverage } from './queries';

const t = bt.list;
const c = bt.coverage;

const pct = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 10);

function CoverageCard({ data }: { data: Coverage }) {
  return (
    <Card title={<h2 className="rz-brand-card-h2">{c.title}</h2>} className="rz-brand-coverage">
      <div className="rz-brand-stats">
        <div data-testid="coverage-counties">
          <Statistic
            title={c.countiesWithBrand}
            value={c.countyRate(data.countiesWithBrand, data.counties)}
          />
          <Progress
            percent={pct(data.countiesWithBrand, data.counties)}
            size="small"
            aria-label={c.countiesWithBrand}
          />
        </div>
        <div data-testid="coverage-brands">
          <Statistic
            title={c.brandsWithHighlight}
            value={c.countyRate(data.brandsWithHighlight, data.brands)}
          />
          <Progress
            percent={pct(data.brandsWithHighlight, data.brands)}
            size="small"
            aria-label={c.brandsWithHighlight}
          />
        </div>
      </div>
      <div className="rz-brand-gaps">
        <section aria-labelledby="rz-brand-without-brand">
          <h2 id="rz-brand-without-brand">
            {c.countiesWithout}（{data.countiesWithoutBrand.length}）
          </h2>
          <div className="rz-brand-tags" data-testid="counties-without-brand">
            {data.countiesWithoutBrand.length === 0 ? (
              <Tag className="rz-brand-tag-ok">{c.allCovered}</Tag>
            ) : (
              data.countiesWithoutBrand.map((x) => <Tag key={x.code}>{x.name}</Tag>)
            )}
          </div>
        </section>
        <section aria-labelledby="rz-brand-without-highlight">
          <h2 id="rz-brand-without-highlight">
            {c.brandsWithout}（{data.brandsWithoutHighlight.length}）
          </h2>
          <div className="rz-brand-tags" data-testid="brands-without-highlight">
            {data.brandsWithoutHighlight.length === 0 ? (
              <Tag className="rz-brand-tag-ok">{c.allCovered}</Tag>
            ) : (
              data.brandsWithoutHighlight.map((x) => (
                <Tag key={x.id}>
                  <Link to={`/brands/${x.id}`}>{x.name}</Link>（{x.countyName}）
                </Tag>
              ))
            )}
          </div>
        </section>
      </div>
    </Card>
  );
}

/** 品牌一览: 一县一品牌 coverage and the brands by county. */
export function BrandsPage() {
  useDocumentTitle(t.title);
  const me = useMe();
  const navigate = useNavigate();
  const coverage = useCoverage();
  const brands = useBrands();
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<BrandSummary> = [
    { title: t.colCounty, dataIndex: 'countyName', width: 140 },
    {
      title: t.colName,
      dataIndex: 'name',
      render: (name: string, b) => <Link to={`/brands/${b.id}`}>{name}</Link>,
    },
    {
      title: t.colTeams,
      key: 'teams',
      responsive: ['md'],
      render: (_, b) => b.teams.map((x) => x.name).join('、') || bt.common.none,
    },
    {
      title: t.colHighlights,
      key: 'highlights',
      render: (_, b) =>
        b.highlights.length ? (
          b.highlights.map((h) => h.title).join('；')
        ) : (
          <Tag className="rz-brand-tag-warn">{t.noHighlight}</Tag>
        ),
    },
  ];

  return (
    <div className="rz-page rz-brand-page">
      <PageTitle
        extra={
          mayKeepBrandIn(me) ? (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden="true" />}
              onClick={() => setCreating(true)}
            >
              {t.create}
            </Button>
          ) : undefined
        }
      >
        {t.title}
      </PageTitle>
      <div className="rz-brand-stack">
        {coverage.isError ? (
          <Failed error={coverage.error} onRetry={() => void coverage.refetch()} />
        ) : coverage.data ? (
          <CoverageCard data={coverage.data} />
        ) : (
          <Loading />
        )}
        <Card title={<h2 className="rz-brand-card-h2">{t.byCounty}</h2>}>
          {brands.isError ? (
            <Failed error={brands.error} onRetry={() => void brands.refetch()} />
          ) : (
            <Table<BrandSummary>
              rowKey="id"
              columns={columns}
              dataSource={brands.data ?? []}
              loading={brands.isLoading}
              locale={{ emptyText: <Empty description={t.empty} /> }}
              pagination={false}
              scroll={{ x: 'max-content' }}
            />
          )}
        </Card>
      </div>
      <BrandFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => navigate(`/brands/${id}`)}
      />
    </div>
  );
}
