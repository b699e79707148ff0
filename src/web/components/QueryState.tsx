import { ReloadOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import { errorMessage } from '../api';
import { zh } from '../locale/zh-CN';

/**
 * What a page or a card shows while its data loads, and when loading failed: one look everywhere.
 * `className` places the spinner (each area keeps its own spacing); `level` is the heading level of the
 * failure's title — 1 where the failure replaces the whole page, 2 inside a page.
 */
export function Loading({ className }: { className?: string }) {
  return (
    <div className={className ?? 'rz-loading'} aria-busy="true">
      <Spin />
      <span role="status">{zh.app.loading}</span>
    </div>
  );
}

export interface FailedProps {
  error: unknown;
  onRetry?: () => void;
}

export function Failed({ error, onRetry, level = 2 }: FailedProps & { level?: 1 | 2 }) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <Result
      status="error"
      title={<Heading className="rz-result-title">{zh.app.loadFailed}</Heading>}
      subTitle={errorMessage(error)}
      extra={
        onRetry && (
          <Button icon={<ReloadOutlined aria-hidden="true" />} onClick={onRetry}>
            {zh.app.retry}
          </Button>
        )
      }
    />
  );
}
