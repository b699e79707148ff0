import { TrophyOutlined } from '@ant-design/icons';
import { Card, Empty, Tag } from 'antd';
import type { HolderKind } from '../../shared/honours';
import { ht } from './locale';
import { Failed, LevelTag, Loading } from './parts';
import { useHonoursHeld } from './queries';

/** 荣誉: the honours a volunteer, team, brand or village holds (awarded here or entered from outside). */
export function HonoursHeldCard({
  kind,
  id,
  title = ht.held.title,
  testId,
}: {
  kind: HolderKind;
  id: string | undefined;
  /** The card's heading, when the page names it differently (a brand's 获得荣誉). */
  title?: string;
  testId?: string;
}) {
  const held = useHonoursHeld(kind, id);
  return (
    <Card
      className="rz-hon-held"
      data-testid={testId}
      title={
        <h2 className="rz-card-heading">
          <TrophyOutlined aria-hidden="true" /> {title}
        </h2>
      }
    >
      {held.isLoading ? (
        <Loading />
      ) : held.isError ? (
        <Failed error={held.error} onRetry={() => void held.refetch()} />
      ) : !held.data?.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={ht.held.empty} />
      ) : (
        <ul className="rz-hon-held-list">
          {held.data.map((h) => (
            <li key={`${h.source}-${h.year}-${h.name}`}>
              <span className="rz-hon-held-year">{h.year}</span>
              <span className="rz-hon-held-name">{h.name}</span>
              <LevelTag level={h.level} />
              <Tag>{h.source === 'pipeline' ? ht.held.pipeline : ht.held.external}</Tag>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
