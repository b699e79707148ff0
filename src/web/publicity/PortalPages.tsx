import { Select } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../api';
import { useDocumentTitle } from '../useDocumentTitle';
import { formatDate, pt } from './locale';
import { Loading, StoryBody } from './parts';
import {
  usePortalStations,
  usePortalSummary,
  usePublicBrands,
  usePublicPoster,
  usePublicPosters,
  usePublicStories,
  usePublicStory,
} from './queries';
import type { PublicBrand } from './types';

const t = pt.portal;
const publicImage = (id: string) => `/api/public/media/${id}`;

function Shell({ children, title }: { children: ReactNode; title?: string }) {
  useDocumentTitle(title ?? t.title);
  return (
    <div className="rz-portal">
      <header className="rz-portal-bar">
        <Link to="/portal" className="rz-portal-brand">
          {t.brand}
        </Link>
      </header>
      <main className="rz-portal-main">{children}</main>
      <footer className="rz-portal-footer">{t.footer}</footer>
    </div>
  );
}

function Problem({ error, notFound }: { error: unknown; notFound: string }) {
  const text =
    error instanceof ApiError && error.status === 404
      ? notFound
      : error instanceof ApiError && error.status === 429
        ? t.rateLimited
        : errorMessage(error);
  return (
    <p className="rz-portal-error" role="alert">
      {text}
    </p>
  );
}

function Numbers() {
  const summary = usePortalSummary();
  const s = summary.data;
  const items = s
    ? [
        { label: t.teams, value: s.teams },
        { label: t.volunteers, value: s.volunteers },
        { label: t.hours, value: s.confirmedHours },
        { label: t.brands, value: s.brands },
      ]
    : [];
  return (
    <section className="rz-portal-hero" aria-labelledby="rz-portal-numbers">
      <h1 className="rz-portal-title">{t.title}</h1>
      <p className="rz-portal-tagline">{t.tagline}</p>
      <h2 id="rz-portal-numbers" className="rz-visually-hidden">
        {t.numbers}
      </h2>
      {summary.isError ? (
        <Problem error={summary.error} notFound={t.notFound} />
      ) : (
        <dl className="rz-portal-numbers">
          {items.map((i) => (
            <div key={i.label} className="rz-portal-number">
              <dd>{i.value.toLocaleString('zh-CN')}</dd>
              <dt>{i.label}</dt>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Stories() {
  const stories = usePublicStories();
  return (
    <section className="rz-portal-section" aria-labelledby="rz-portal-stories">
      <h2 id="rz-portal-stories">{t.stories}</h2>
      {stories.isLoading && <Loading />}
      {stories.isError && <Problem error={stories.error} notFound={t.notFound} />}
      {stories.data && stories.data.length === 0 && <p className="rz-portal-empty">{t.noStories}</p>}
      <ul className="rz-portal-stories">
        {stories.data?.map((s) => (
          <li key={s.id}>
            <Link to={`/portal/stories/${s.id}`} className="rz-portal-story-card">
              {s.coverUrl && <img src={s.coverUrl} alt="" loading="lazy" />}
              <span className="rz-portal-story-text">
                <strong>{s.title}</strong>
                {s.summary && <span className="rz-portal-story-summary">{s.summary}</span>}
                <span className="rz-portal-story-meta">
                  {pt.labels.channel[s.channel]} · {s.regionName} · {formatDate(s.publishedAt)}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Posters() {
  const posters = usePublicPosters();
  return (
    <section className="rz-portal-section" aria-labelledby="rz-portal-posters">
      <h2 id="rz-portal-posters">{t.posters}</h2>
      {posters.isError && <Problem error={posters.error} notFound={t.posterNotFound} />}
      {posters.data && posters.data.length === 0 && <p className="rz-portal-empty">{t.noPosters}</p>}
      <ul className="rz-portal-posters">
        {posters.data?.map((p) => (
          <li key={p.id}>
            <Link to={`/portal/posters/${p.id}`}>
              <img
                src={p.imageUrl}
                alt={t.posterOf(p.subjectName)}
                loading="lazy"
                width={p.width}
                height={p.height}
              />
              <span>{p.subjectName}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Brands() {
  const brands = usePublicBrands();
  const byCounty = useMemo(() => {
    const map = new Map<string, PublicBrand[]>();
    for (const b of brands.data ?? []) map.set(b.countyName, [...(map.get(b.countyName) ?? []), b]);
    return [...map.entries()];
  }, [brands.data]);
  return (
    <section className="rz-portal-section" aria-labelledby="rz-portal-brands">
      <h2 id="rz-portal-brands">{t.brandsByCounty}</h2>
      {brands.isError && <Problem error={brands.error} notFound={t.noBrands} />}
      {brands.data && brands.data.length === 0 && <p className="rz-portal-empty">{t.noBrands}</p>}
      <dl className="rz-portal-brands">
        {byCounty.map(([county, list]) => (
          <div key={county} className="rz-portal-brand-row">
            <dt>{county}</dt>
            <dd>
              {list.map((b) => (
                <div key={b.id} className="rz-portal-brand-item">
                  <strong>{b.name}</strong>
                  {b.highlights[0] && <span>{b.highlights[0].title}</span>}
                </div>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Contact() {
  const stations = usePortalStations();
  const [code, setCode] = useState<string | undefined>();
  const chosen = stations.data?.find((s) => s.countyCode === code);
  return (
    <section className="rz-portal-section" aria-labelledby="rz-portal-contact">
      <h2 id="rz-portal-contact">{t.contact}</h2>
      <p>{t.contactText}</p>
      {stations.isError && <Problem error={stations.error} notFound={t.notFound} />}
      <Select
        aria-label={t.pickCounty}
        placeholder={t.pickCounty}
        className="rz-portal-county"
        value={code}
        onChange={setCode}
        loading={stations.isLoading}
        options={(stations.data ?? []).map((s) => ({ value: s.countyCode, label: s.countyName }))}
        showSearch={{ optionFilterProp: 'label' }}
      />
      {chosen && (
        <div className="rz-portal-station" aria-live="polite">
          <strong>{chosen.name}</strong>
          <p>
            {t.address}：{chosen.address || t.noAddress}
          </p>
          <p>
            {t.phone}：
            {chosen.phone ? (
              <a href={`tel:${chosen.phone.replace(/[^\d+]/g, '')}`}>{chosen.phone}</a>
            ) : (
              t.noPhone
            )}
          </p>
        </div>
      )}
    </section>
  );
}

/** `/portal`: the public home — numbers, stories, posters, brands, verification and contact. */
export function PortalHomePage() {
  return (
    <Shell>
      <Numbers />
      <Stories />
      <Posters />
      <Brands />
      <section className="rz-portal-section" aria-labelledby="rz-portal-verify">
        <h2 id="rz-portal-verify">{t.verify}</h2>
        <p>{t.verifyText}</p>
        <Link to="/verify" className="rz-portal-button">
          {t.verifyLink}
        </Link>
      </section>
      <Contact />
    </Shell>
  );
}

/** `/portal/stories/:id`: one published story, laid out for a phone (and WeChat's in-app browser). */
export function PortalStoryPage() {
  const { id = '' } = useParams();
  const story = usePublicStory(id);
  const s = story.data;
  return (
    <Shell title={s?.title}>
      {story.isLoading && <Loading />}
      {story.isError && <Problem error={story.error} notFound={t.notFound} />}
      {s && (
        <article className="rz-story">
          <h1 className="rz-story-title">{s.title}</h1>
          <p className="rz-story-meta">
            <span>{formatDate(s.publishedAt)}</span>
            <span>{pt.labels.channel[s.channel]}</span>
            <span>{s.regionName}</span>
          </p>
          {s.subjectKind && s.subjectName && (
            <p className="rz-story-about">{t.about(pt.labels.subjectKind[s.subjectKind], s.subjectName)}</p>
          )}
          {s.coverUrl && <img className="rz-story-cover" src={s.coverUrl} alt="" />}
          {s.summary && <p className="rz-story-summary">{s.summary}</p>}
          <StoryBody blocks={s.body} imageUrl={publicImage} />
        </article>
      )}
      <Link to="/portal" className="rz-portal-back">
        {t.backHome}
      </Link>
    </Shell>
  );
}

/** `/portal/posters/:id`: the QR code on a poster opens this. */
export function PortalPosterPage() {
  const { id = '' } = useParams();
  const poster = usePublicPoster(id);
  const p = poster.data;
  return (
    <Shell title={p ? t.posterOf(p.subjectName) : undefined}>
      {poster.isLoading && <Loading />}
      {poster.isError && <Problem error={poster.error} notFound={t.posterNotFound} />}
      {p && (
        <figure className="rz-portal-poster">
          <img src={p.imageUrl} alt={t.posterOf(p.subjectName)} width={p.width} height={p.height} />
          <figcaption>
            {t.posterOf(p.subjectName)} · {formatDate(p.publishedAt)}
          </figcaption>
        </figure>
      )}
      <Link to="/portal" className="rz-portal-back">
        {t.backHome}
      </Link>
    </Shell>
  );
}
