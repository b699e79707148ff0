import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { zh } from '../locale/zh-CN';
import { useDocumentTitle } from '../useDocumentTitle';

export function NotFoundPage() {
  const navigate = useNavigate();
  useDocumentTitle(zh.errors.notFoundTitle);
  return (
    <Result
      status="404"
      title={<h1 className="rz-result-title">{zh.errors.notFoundTitle}</h1>}
      subTitle={zh.errors.notFoundText}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {zh.errors.backHome}
        </Button>
      }
    />
  );
}

/** A page the signed-in person's role may not use (the server would refuse its data anyway). */
export function ForbiddenPage() {
  const navigate = useNavigate();
  useDocumentTitle(zh.access.forbiddenTitle);
  return (
    <Result
      status="403"
      title={<h1 className="rz-result-title">{zh.access.forbiddenTitle}</h1>}
      subTitle={zh.access.forbiddenText}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {zh.access.backHome}
        </Button>
      }
    />
  );
}

export function GenericErrorPage() {
  useDocumentTitle(zh.errors.genericTitle);
  return (
    <Result
      status="error"
      title={<h1 className="rz-result-title">{zh.errors.genericTitle}</h1>}
      subTitle={zh.errors.genericText}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {zh.errors.reload}
        </Button>
      }
    />
  );
}

interface BoundaryProps {
  children: ReactNode;
  /** When this changes (the user navigated away) the boundary tries rendering its children again. */
  resetKey?: string;
}

interface BoundaryState {
  failed: boolean;
  resetKey?: string;
}

/** Catches render errors so one broken page shows a Chinese error page instead of a blank screen. */
export class ErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<BoundaryState> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    if (props.resetKey !== state.resetKey) return { failed: false, resetKey: props.resetKey };
    return null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('页面渲染出错', error, info.componentStack);
  }

  override render() {
    return this.state.failed ? <GenericErrorPage /> : this.props.children;
  }
}
