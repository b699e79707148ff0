import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { Role } from '../../shared/identity';
import { useMe } from '../auth/session';
import { ForbiddenPage } from '../pages/ErrorPage';
import { pt } from './locale';
import type { StoryBlock, StoryStatus } from './types';
import { Failed as QueryFailed, Loading as QueryLoading, type FailedProps } from '../components/QueryState';

/** Who writes stories and makes posters (the server's mayWriteStories decides; this only hides pages). */
export const writerRoles: readonly Role[] = [
  'city_admin',
  'county_admin',
  'township_admin',
  'village_admin',
  'org_admin',
  'team_leader',
];

export function WriterGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.sessionKind !== 'staff' || !writerRoles.includes(me.account.role)) return <ForbiddenPage />;
  return children;
}

const statusColors: Record<StoryStatus, string> = {
  draft: 'default',
  reviewed: 'processing',
  published: 'success',
};

export function StoryStatusTag({ status }: { status: StoryStatus }) {
  return <Tag color={statusColors[status]}>{pt.labels.status[status]}</Tag>;
}

export const Loading = () => <QueryLoading className="rz-pub-loading" />;

export const Failed = (props: FailedProps) => <QueryFailed {...props} />;

/**
 * A story body, block by block. Every piece of text is rendered as text (React escapes it): there is no
 * path from a story to raw HTML.
 */
export function StoryBody({
  blocks,
  imageUrl,
}: {
  blocks: StoryBlock[];
  imageUrl: (mediaId: string) => string;
}) {
  return (
    <div className="rz-story-body">
      {blocks.map((b, i) => {
        switch (b.type) {
          case 'heading':
            return <h2 key={i}>{b.text}</h2>;
          case 'paragraph':
            return (
              <p key={i}>
                {b.spans.map((s, j) =>
                  s.bold ? <strong key={j}>{s.text}</strong> : <span key={j}>{s.text}</span>,
                )}
              </p>
            );
          case 'quote':
            return <blockquote key={i}>{b.text}</blockquote>;
          case 'image':
            return (
              <figure key={i}>
                <img src={imageUrl(b.mediaId)} alt={b.caption || ''} loading="lazy" />
                {b.caption && <figcaption>{b.caption}</figcaption>}
              </figure>
            );
        }
      })}
    </div>
  );
}
