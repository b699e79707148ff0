import { Card, Descriptions } from 'antd';
import { bt } from './locale';
import { hoursOf } from './parts';
import type { BrandResults } from './queries';

/** The brand's outputs and hours, from its teams' confirmed records and activity outputs. */
export function ResultsCard({
  results,
  title = bt.detail.results,
}: {
  results: BrandResults;
  title?: string;
}) {
  const d = bt.detail;
  const items = [
    { key: 'hours', label: d.hours, children: hoursOf(results.confirmedMinutes) },
    { key: 'records', label: d.records, children: results.records.toLocaleString('zh-CN') },
    { key: 'volunteers', label: d.volunteers, children: results.volunteers.toLocaleString('zh-CN') },
    { key: 'activities', label: d.activities, children: results.activities.toLocaleString('zh-CN') },
    ...results.outputs.map((o) => {
      const label = bt.outputs[o.kind];
      return {
        key: o.kind,
        label: label?.name ?? o.kind,
        children: `${o.quantity.toLocaleString('zh-CN')}${label ? ` ${label.unit}` : ''}`,
      };
    }),
  ];
  return (
    <Card title={<h2 className="rz-brand-card-h2">{title}</h2>} data-testid="brand-results">
      <p className="rz-brand-muted">{d.resultsNote}</p>
      <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} items={items} />
    </Card>
  );
}
