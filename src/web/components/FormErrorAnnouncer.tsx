import { useEffect, useState } from 'react';
import { formErrorText } from './locale';

const ERROR_SELECTOR = '.ant-form-item-explain-error';

/**
 * antd shows a field's error under it without announcing it. This one live region, for the whole
 * app, says how many fields need fixing and what the first one is, whenever a form shows new errors
 * (the form also moves focus to that field: ConfigProvider `form.scrollToFirstError`).
 */
export function FormErrorAnnouncer() {
  const [text, setText] = useState('');

  useEffect(() => {
    let timer: number | undefined;
    let last = '';
    const read = () => {
      const errors = [...document.querySelectorAll<HTMLElement>(ERROR_SELECTOR)]
        .map((el) => (el.textContent ?? '').trim())
        .filter(Boolean);
      const next = errors.length ? formErrorText.announce(errors.length, errors[0]!) : '';
      // Only a change is news: the same errors again (a re-render) are not announced twice.
      if (next !== last) {
        last = next;
        setText(next);
      }
    };
    const observer = new MutationObserver((records) => {
      const touched = records.some((r) =>
        [...r.addedNodes, ...r.removedNodes].some(
          (n) => n instanceof HTMLElement && (n.matches(ERROR_SELECTOR) || !!n.querySelector(ERROR_SELECTOR)),
        ),
      );
      if (!touched) return;
      window.clearTimeout(timer);
      // Wait for the form to finish showing all of its errors, then speak once.
      timer = window.setTimeout(read, 150);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
  }, []);

  // An alert is read out as it appears; with nothing to say there is none (pages keep their own alerts).
  if (!text) return null;
  return (
    <div key={text} className="rz-visually-hidden rz-form-error-announcer" role="alert" aria-atomic="true">
      {text}
    </div>
  );
}
