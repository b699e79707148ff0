import { Typography, theme } from 'antd';
import type { ReactNode } from 'react';

/**
 * The page's one <h1>, sized like a section heading: an admin console should not shout,
 * and the size still follows 适老模式 through the theme token.
 */
export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <div className="rz-page-title">
      <Typography.Title level={1} style={{ fontSize: token.fontSizeHeading3, margin: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </div>
  );
}
