import { useEffect } from 'react';
import { zh } from './locale/zh-CN';

/** "大名县 · 戎志 · 退役军人志愿服务平台": the page first, so browser tabs stay tellable apart. */
export function useDocumentTitle(title?: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ${zh.app.documentTitle}` : zh.app.documentTitle;
  }, [title]);
}
