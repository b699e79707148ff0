import { Card } from 'antd';
import type { ReactNode } from 'react';
import { PageTitle } from '../pages/PageTitle';

/**
 * The head of a list page: its <h1>, the count once loaded, the page's buttons on the right, and
 * below them (children) its filter bar.
 */
export function ListHeader({
  title,
  total,
  totalClassName,
  actions,
  children,
}: {
  title: string;
  /** The formatted count (共 n 条), shown once the list has loaded. */
  total?: ReactNode;
  totalClassName?: string;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Card className="rz-region-header">
      <div className="rz-region-header-row">
        <div className="rz-region-heading">
          <PageTitle>{title}</PageTitle>
          {total !== undefined && (
            <span
              className={totalClassName ? `rz-card-heading-meta ${totalClassName}` : 'rz-card-heading-meta'}
            >
              {total}
            </span>
          )}
        </div>
        {actions && <div className="rz-toolbar">{actions}</div>}
      </div>
      {children}
    </Card>
  );
}
