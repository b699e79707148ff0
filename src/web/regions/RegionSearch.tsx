import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Input, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { RegionRef, RegionSearchHit } from '../../shared/regions';
import { errorMessage } from '../api';
import { zh } from '../locale/zh-CN';
import { useRegionSearch } from './queries';

const t = zh.regions;

/** "邯郸市 / 大名县 / 大名镇": village names repeat across the city, so a hit is known by its path. */
export function formatRegionPath(path: readonly RegionRef[], self?: RegionRef): string {
  return [...path, ...(self ? [self] : [])].map((r) => r.name).join(' / ');
}

/** The search box. The query lives in the URL (`?q=大名`) so results survive a reload and can be shared. */
export function RegionSearchBox() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [value, setValue] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  const { isFetching } = useRegionSearch(q);

  // Follow the URL when it changes from outside (back button, clicking a hit).
  if (q !== shownQ) {
    setShownQ(q);
    setValue(q);
  }

  return (
    <div className="rz-search-box">
      <label htmlFor="rz-region-search" className="rz-search-label">
        {t.searchLabel}
      </label>
      <Input.Search
        id="rz-region-search"
        type="search"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={t.searchPlaceholder}
        maxLength={30}
        loading={isFetching}
        enterButton={
          <>
            <SearchOutlined aria-hidden="true" /> {t.searchButton}
          </>
        }
        onSearch={(raw) => {
          const next = raw.trim();
          setParams(
            (prev) => {
              const copy = new URLSearchParams(prev);
              if (next) copy.set('q', next);
              else copy.delete('q');
              return copy;
            },
            { replace: !!q === !!next },
          );
        }}
      />
    </div>
  );
}

function SearchHit({ hit }: { hit: RegionSearchHit }) {
  return (
    <li className="rz-search-hit">
      <Link to={`/regions/${hit.code}`} className="rz-search-hit-link">
        <span className="rz-search-hit-name">{hit.name}</span>
        <Tag className="rz-level-tag">{t.levelLabel(hit.level)}</Tag>
        <span className="rz-search-hit-path">{formatRegionPath(hit.path, hit)}</span>
      </Link>
    </li>
  );
}

/** Hits for the `q` in the URL, or nothing when there is no search. */
export function RegionSearchResults() {
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const search = useRegionSearch(q);
  if (!q) return null;

  const clear = () =>
    setParams((prev) => {
      const copy = new URLSearchParams(prev);
      copy.delete('q');
      return copy;
    });

  let body;
  if (search.isError) {
    body = <Alert type="error" showIcon title={errorMessage(search.error)} />;
  } else if (!search.data) {
    body = <Skeleton active paragraph={{ rows: 3 }} />;
  } else if (search.data.length === 0) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.searchEmpty} />;
  } else {
    body = (
      <ol className="rz-search-hits" aria-label={t.searchResultsTitle(q)}>
        {search.data.map((hit) => (
          <SearchHit key={hit.code} hit={hit} />
        ))}
      </ol>
    );
  }

  return (
    <Card
      className="rz-search-results"
      title={
        <h2 className="rz-card-heading">
          {t.searchResultsTitle(q)}
          {search.data && <span className="rz-card-heading-meta">{t.searchCount(search.data.length)}</span>}
        </h2>
      }
      extra={<Button onClick={clear}>{t.searchClear}</Button>}
    >
      {body}
    </Card>
  );
}
