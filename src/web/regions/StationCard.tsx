import { EditOutlined, ShopOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Typography } from 'antd';
import type { RegionLevel, Station } from '../../shared/regions';
import { formatDateTime, zh } from '../locale/zh-CN';

const t = zh.station;

/** City and county host a 服务中心; townships and villages a 服务站. */
export function stationKindTitle(level: RegionLevel): string {
  return level === 'township' || level === 'village' ? t.stationTitle : t.centreTitle;
}

function orPlaceholder(value: string) {
  return value.trim() ? value : <Typography.Text type="secondary">{t.notFilled}</Typography.Text>;
}

export interface StationCardProps {
  station: Station;
  level: RegionLevel;
  /** May the viewer edit this station (region staff at or above the region)? `onEdit` opens the editor. */
  editable?: boolean;
  onEdit?: () => void;
}

/** A region's veterans service centre or station (退役军人服务中心/服务站). */
export function StationCard({ station, level, editable = false, onEdit }: StationCardProps) {
  const headingId = `rz-station-${station.regionCode}`;
  return (
    <Card
      className="rz-station-card"
      title={
        <h2 className="rz-card-heading" id={headingId}>
          <ShopOutlined aria-hidden="true" /> {stationKindTitle(level)}
        </h2>
      }
      extra={
        editable && onEdit ? (
          <Button
            icon={<EditOutlined aria-hidden="true" />}
            onClick={onEdit}
            aria-label={t.editLabel(stationKindTitle(level))}
          >
            {t.edit}
          </Button>
        ) : null
      }
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'name', label: t.name, children: orPlaceholder(station.name) },
          { key: 'address', label: t.address, children: orPlaceholder(station.address) },
          { key: 'contactName', label: t.contactName, children: orPlaceholder(station.contactName) },
          {
            key: 'contactPhone',
            label: t.contactPhone,
            children: station.contactPhone.trim() ? (
              <a href={`tel:${station.contactPhone.replace(/[^0-9+]/g, '')}`}>{station.contactPhone}</a>
            ) : (
              orPlaceholder('')
            ),
          },
          {
            key: 'updatedAt',
            label: t.updatedAt,
            children: station.updatedAt ? (
              formatDateTime(station.updatedAt)
            ) : (
              <Typography.Text type="secondary">{t.neverUpdated}</Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
