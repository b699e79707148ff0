import { ReloadOutlined } from '@ant-design/icons';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Result,
  Row,
  Skeleton,
  Statistic,
  Tag,
} from 'antd';
import { useRef, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { levelOfCode, regionCodeSchema, type RegionDetail } from '../../shared/regions';
import { ApiError, errorMessage } from '../api';
import { mayManageRegion } from '../auth/access';
import { useMe } from '../auth/session';
import { formatCount, zh } from '../locale/zh-CN';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { useRegionChildren, useRegionDetail, useRegionRoots } from './queries';
import { RegionSearchBox, RegionSearchResults } from './RegionSearch';
import { countLevelsBelow, RegionTable, YesNo } from './RegionTable';
import { StationCard } from './StationCard';
import { StationEditor } from './StationEditor';
import { VeteranSecretarySwitch } from './VeteranSecretarySwitch';

const t = zh.regions;

function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const navigate = useNavigate();
  const notFound = error instanceof ApiError && (error.isNotFound || error.status === 400);
  return (
    <Result
      status={notFound ? '404' : 'error'}
      title={<h1 className="rz-result-title">{t.loadError}</h1>}
      subTitle={errorMessage(error)}
      extra={[
        notFound ? null : (
          <Button key="retry" icon={<ReloadOutlined aria-hidden="true" />} onClick={onRetry}>
            {zh.errors.retry}
          </Button>
        ),
        <Button key="back" type="primary" onClick={() => navigate('/regions')}>
          {t.rootsTitle}
        </Button>,
      ]}
    />
  );
}

/** Name, level, code and counts of the region; the search box sits at its right on wide screens. */
function RegionHeader({ detail }: { detail: RegionDetail }) {
  const { region, counts } = detail;
  const shown = countLevelsBelow(region.level);
  return (
    <Card className="rz-region-header">
      <div className="rz-region-header-row">
        <div className="rz-region-heading">
          <PageTitle
            extra={<Tag className="rz-level-tag rz-level-tag-large">{t.levelLabel(region.level)}</Tag>}
          >
            {region.name}
          </PageTitle>
          <div className="rz-region-code">
            {t.codeLabel}
            <span className="rz-mono">{region.code}</span>
          </div>
        </div>
        <RegionSearchBox />
      </div>
      {shown.length > 0 && (
        <section className="rz-counts" aria-label={t.countsTitle}>
          {shown.map((l) => (
            <Statistic
              key={l}
              title={t.counts[l]}
              value={counts[l]}
              formatter={(v) => formatCount(Number(v))}
            />
          ))}
        </section>
      )}
    </Card>
  );
}

function RegionBreadcrumb({ detail }: { detail: RegionDetail }) {
  const items = [
    ...detail.ancestors.map((a) => ({
      key: a.code,
      title: <Link to={`/regions/${a.code}`}>{a.name}</Link>,
    })),
    { key: detail.region.code, title: detail.region.name, 'aria-current': 'page' as const },
  ];
  return <Breadcrumb className="rz-breadcrumb" items={items} {...{ 'aria-label': t.breadcrumbLabel }} />;
}

export function RegionPage() {
  const { code = '' } = useParams();
  const validCode = regionCodeSchema.safeParse(code).success;
  const detail = useRegionDetail(code);
  const hasChildren = validCode && levelOfCode(code) !== 'village';
  const children = useRegionChildren(code, hasChildren);
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const editOpener = useRef<HTMLElement | null>(null);
  useDocumentTitle(detail.data?.region.name ?? t.pageTitle);

  if (detail.isError) {
    return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  if (!detail.data) {
    return (
      <div className="rz-page" aria-busy="true">
        <Skeleton active title paragraph={{ rows: 2 }} />
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  }

  const { region, station } = detail.data;
  const isVillage = region.level === 'village';
  const manageable = mayManageRegion(me, region.code);
  return (
    <div className="rz-page">
      <RegionBreadcrumb detail={detail.data} />
      <RegionHeader detail={detail.data} />
      <RegionSearchResults />
      <Row gutter={[16, 16]}>
        {!isVillage && (
          <Col xs={24} xl={15} xxl={16}>
            <Card
              className="rz-children-card"
              title={<h2 className="rz-card-heading">{t.childrenTitle}</h2>}
              styles={{ body: { padding: 0 } }}
            >
              {children.isError ? (
                <Result status="error" title={t.loadError} subTitle={errorMessage(children.error)} />
              ) : children.data ? (
                <RegionTable items={children.data} caption={`${region.name}${t.childrenTitle}`} />
              ) : (
                <div className="rz-card-padding">
                  <Skeleton active paragraph={{ rows: 8 }} />
                </div>
              )}
            </Card>
          </Col>
        )}
        <Col xs={24} xl={isVillage ? 12 : 9} xxl={isVillage ? 12 : 8}>
          <StationCard
            station={station}
            level={region.level}
            editable={manageable}
            onEdit={() => {
              editOpener.current =
                document.activeElement instanceof HTMLElement ? document.activeElement : null;
              setEditing(true);
            }}
          />
          {editing && (
            <StationEditor
              detail={detail.data}
              onClose={() => {
                setEditing(false);
                // The dialog is unmounted, not hidden, so antd cannot hand the focus back: do it here.
                requestAnimationFrame(() => editOpener.current?.focus());
              }}
            />
          )}
        </Col>
        {isVillage && (
          <Col xs={24} xl={12}>
            <Card
              className="rz-village-card"
              title={<h2 className="rz-card-heading">{t.villageInfoTitle}</h2>}
            >
              <Descriptions
                column={1}
                size="small"
                items={[
                  {
                    key: 'veteranSecretary',
                    label: t.veteranSecretary.title,
                    children: manageable ? (
                      <VeteranSecretarySwitch detail={detail.data} />
                    ) : (
                      <span className="rz-veteran-secretary">
                        <YesNo value={region.veteranSecretary} />
                        <span className="rz-hint">{t.veteranSecretary.hint}</span>
                      </span>
                    ),
                  },
                ]}
              />
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}

/** `/regions`: straight to the top region when there is one (邯郸市), else a list of the roots. */
export function RegionRootsPage() {
  const roots = useRegionRoots();
  const location = useLocation();
  useDocumentTitle(t.pageTitle);

  if (roots.isError) return <LoadError error={roots.error} onRetry={() => void roots.refetch()} />;
  if (!roots.data) {
    return (
      <div className="rz-page" aria-busy="true">
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  }
  const [only] = roots.data;
  if (roots.data.length === 1 && only)
    return <Navigate to={{ pathname: `/regions/${only.code}`, search: location.search }} replace />;

  return (
    <div className="rz-page">
      <Card className="rz-region-header">
        <div className="rz-region-header-row">
          <PageTitle>{t.pageTitle}</PageTitle>
          <RegionSearchBox />
        </div>
      </Card>
      <RegionSearchResults />
      <Card
        title={<h2 className="rz-card-heading">{t.rootsTitle}</h2>}
        styles={{ body: { padding: roots.data.length ? 0 : undefined } }}
      >
        {roots.data.length ? (
          <RegionTable items={roots.data} caption={t.rootsTitle} />
        ) : (
          <Empty description={t.noRoots} />
        )}
      </Card>
    </div>
  );
}
