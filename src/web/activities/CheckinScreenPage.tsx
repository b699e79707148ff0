import { CloseOutlined, ExpandOutlined } from '@ant-design/icons';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../api';
import { useDocumentTitle } from '../useDocumentTitle';
import { at } from './locale';
import { formatRange } from './parts';
import { useActivity, useCheckinCode } from './queries';

const t = at.screen;

/** 签到屏: a full-screen display for the venue — the rotating code, its QR code, and the printed fixed code. */
export function CheckinScreenPage() {
  const { id = '' } = useParams();
  useDocumentTitle(t.title);
  const activity = useActivity(id);
  const code = useCheckinCode(id);
  const [qr, setQr] = useState<string | null>(null);
  const [left, setLeft] = useState<number | null>(null);
  const payload = code.data?.qrPayload;
  const refetch = code.refetch;

  useEffect(() => {
    let live = true;
    if (payload)
      void QRCode.toDataURL(payload, { width: 320, margin: 1, errorCorrectionLevel: 'M' }).then((url) => {
        if (live) setQr(url);
      });
    return () => {
      live = false;
    };
  }, [payload]);

  // Count down from the server's answer; fetch the next code as soon as this one runs out.
  const fetchedAt = code.dataUpdatedAt;
  const valid = code.data?.validForSeconds;
  useEffect(() => {
    if (valid === undefined) return;
    const tick = () => {
      const remaining = Math.max(0, valid - Math.floor((Date.now() - fetchedAt) / 1000));
      setLeft(remaining);
      if (remaining === 0) void refetch();
    };
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [valid, fetchedAt, refetch]);

  return (
    <main className="rz-act-screen" aria-labelledby="rz-act-screen-title">
      <div className="rz-act-screen-tools">
        {typeof document.documentElement.requestFullscreen === 'function' && (
          <button
            type="button"
            className="rz-act-screen-exit"
            onClick={() =>
              void (
                document.fullscreenElement
                  ? document.exitFullscreen()
                  : document.documentElement.requestFullscreen()
              ).catch(() => undefined)
            }
          >
            <ExpandOutlined aria-hidden="true" /> {t.fullscreen}
          </button>
        )}
        <Link to={`/activities/${id}`} className="rz-act-screen-exit">
          <CloseOutlined aria-hidden="true" /> {t.exit}
        </Link>
      </div>
      <h1 id="rz-act-screen-title" className="rz-act-screen-title">
        {activity.data ? activity.data.title : t.title}
      </h1>
      {activity.data && (
        <p className="rz-act-screen-sub">
          {formatRange(activity.data.startsAt, activity.data.endsAt)} · {activity.data.place}
        </p>
      )}
      {code.isError && !code.data ? (
        <p className="rz-act-screen-error" role="alert">
          {errorMessage(code.error)}
        </p>
      ) : (
        <div className="rz-act-screen-body">
          <section className="rz-act-screen-code" aria-label={t.code}>
            <p className="rz-act-screen-hint">{t.hint}</p>
            <p className="rz-act-screen-digits" aria-live="polite" data-code={code.data?.code ?? ''}>
              {code.data ? `${code.data.code.slice(0, 3)} ${code.data.code.slice(3)}` : '··· ···'}
            </p>
            <p className="rz-act-screen-countdown">{left !== null ? t.refreshIn(left) : at.common.loading}</p>
          </section>
          <section className="rz-act-screen-qr">
            {qr ? (
              <img src={qr} alt={t.qr} width={320} height={320} />
            ) : (
              <div className="rz-act-screen-qr-empty" />
            )}
          </section>
        </div>
      )}
      {code.data && (
        <section className="rz-act-screen-fixed">
          <h2>{t.fixed}</h2>
          <p className="rz-act-screen-fixed-code">{code.data.fixedCode}</p>
          <p>{t.fixedNote}</p>
        </section>
      )}
    </main>
  );
}
