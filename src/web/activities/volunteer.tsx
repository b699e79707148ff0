import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  DownloadOutlined,
  ScheduleOutlined,
} from '@ant-design/icons';
import { App, Button } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatHours } from '../../shared/certificates';
import type { Activity, ServiceRecord } from '../../shared/activities';
import { errorMessage } from '../api';
import { useMe } from '../auth/session';
import { useDocumentTitle } from '../useDocumentTitle';
import { pt } from '../privacy/locale';
import { at } from './locale';
import { Failed, formatDateTime, formatRange, Loading } from './parts';
import {
  certificatePdfPath,
  useActivities,
  useCancelSignUp,
  useCheck,
  useIssueCertificate,
  useMyService,
  useMyVolunteerId,
  useRequestCorrection,
  useSignUp,
  type IssuedCertificate,
} from './queries';

const t = at.me;

const isOpen = (a: Activity) =>
  (a.status === 'published' || a.status === 'ongoing') && Date.parse(a.endsAt) > Date.now();
const inCheckinWindow = (a: Activity, now = Date.now()) =>
  now >= Date.parse(a.startsAt) - 30 * 60_000 && now <= Date.parse(a.endsAt);

/** The volunteer's own coming activities (signed up, not over), soonest first. */
function useMyComing() {
  const mine = useActivities({ mine: true });
  const coming = (mine.data ?? [])
    .filter((a) => isOpen(a) && a.mySignup)
    .sort((x, y) => Date.parse(x.startsAt) - Date.parse(y.startsAt));
  return { query: mine, coming };
}

function MePage({ title, children, back = true }: { title: string; children: ReactNode; back?: boolean }) {
  useDocumentTitle(title);
  return (
    <div className="rz-me">
      {back && (
        <Link to="/me" className="rz-me-back">
          ‹ {t.backHome}
        </Link>
      )}
      <h1 className="rz-me-title">{title}</h1>
      {children}
    </div>
  );
}

/** `/me`: three big buttons — next activity, check in, my hours — and the activities open for sign-up. */
export function MeHomePage() {
  const me = useMe();
  useDocumentTitle(t.home);
  return (
    <div className="rz-me">
      <h1 className="rz-me-title">{t.hello(me.account.displayName)}</h1>
      <nav className="rz-me-big-buttons" aria-label={t.home}>
        <Link to="/me/next" className="rz-me-big rz-me-big-next">
          <ScheduleOutlined aria-hidden="true" />
          <span>{t.next}</span>
        </Link>
        <Link to="/me/checkin" className="rz-me-big rz-me-big-checkin">
          <CheckCircleOutlined aria-hidden="true" />
          <span>{t.checkin}</span>
        </Link>
        <Link to="/me/hours" className="rz-me-big rz-me-big-hours">
          <ClockCircleOutlined aria-hidden="true" />
          <span>{t.hours}</span>
        </Link>
      </nav>
      <Link to="/me/activities" className="rz-me-link">
        {t.browse} ›
      </Link>
      <Link to="/me/privacy" className="rz-me-link">
        {pt.me.homeLink} ›
      </Link>
    </div>
  );
}

function ActivityFacts({ a }: { a: Activity }) {
  return (
    <dl className="rz-me-facts">
      <dt>{t.when}</dt>
      <dd>{formatRange(a.startsAt, a.endsAt)}</dd>
      <dt>{t.where}</dt>
      <dd>{a.place}</dd>
    </dl>
  );
}

/** 我的下一个活动, with 签到 / 签退 that lead to the code entry. */
export function MeNextPage() {
  const { query, coming } = useMyComing();
  const next = coming[0];
  return (
    <MePage title={t.next}>
      {query.isLoading ? (
        <Loading />
      ) : query.isError ? (
        <Failed error={query.error} onRetry={() => void query.refetch()} />
      ) : !next ? (
        <div className="rz-me-card">
          <p>{t.noNext}</p>
          <Link to="/me/activities" className="rz-me-button rz-me-button-plain">
            {t.goBrowse}
          </Link>
        </div>
      ) : (
        <div className="rz-me-card">
          <h2 className="rz-me-card-title">{next.title}</h2>
          <ActivityFacts a={next} />
          {next.mySignup?.promoted && <p className="rz-me-promoted">{t.promoted}</p>}
          {next.mySignup?.status === 'waitlisted' ? (
            <p className="rz-me-waitlist">{t.waitlist(next.mySignup.position)}</p>
          ) : (
            <div className="rz-me-two">
              <Link to={`/me/checkin?activity=${next.id}&dir=in`} className="rz-me-button">
                {t.checkIn}
              </Link>
              <Link
                to={`/me/checkin?activity=${next.id}&dir=out`}
                className="rz-me-button rz-me-button-plain"
              >
                {t.checkOut}
              </Link>
            </div>
          )}
        </div>
      )}
    </MePage>
  );
}

/** 签到: type the six digits from the screen, then 签到 or 签退. */
export function MeCheckinPage() {
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const { query, coming } = useMyComing();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const check = useCheck();
  const codeField = useRef<HTMLInputElement>(null);
  // A wrong or short code: say so (role=alert) and put the focus back in the field for a second try.
  const fail = (text: string) => {
    setError(text);
    codeField.current?.focus();
  };
  const accepted = coming.filter((a) => a.mySignup?.status === 'accepted');
  const target =
    accepted.find((a) => a.id === params.get('activity')) ??
    accepted.find((a) => inCheckinWindow(a)) ??
    accepted[0];
  const preferOut = params.get('dir') === 'out';

  const send = (direction: 'in' | 'out') => {
    setDone(null);
    if (!/^\d{6}$/.test(code)) {
      fail(t.codeWrong);
      return;
    }
    if (!target) return;
    setError(null);
    check.mutate(
      { id: target.id, code, direction },
      {
        onSuccess: () => {
          const text = direction === 'in' ? t.doneIn : t.doneOut;
          setDone(text);
          setCode('');
          void message.success(text);
        },
        onError: (e) => fail(errorMessage(e)),
      },
    );
  };

  return (
    <MePage title={t.checkin}>
      {query.isLoading ? (
        <Loading />
      ) : query.isError ? (
        <Failed error={query.error} onRetry={() => void query.refetch()} />
      ) : !target ? (
        <div className="rz-me-card">
          <p>{t.noActivityToCheck}</p>
          <Link to="/me/activities" className="rz-me-button rz-me-button-plain">
            {t.goBrowse}
          </Link>
        </div>
      ) : (
        <form
          className="rz-me-card"
          onSubmit={(e) => {
            e.preventDefault();
            send(preferOut ? 'out' : 'in');
          }}
        >
          <p className="rz-me-for">
            {t.checkinFor}：<strong>{target.title}</strong>
          </p>
          <label htmlFor="rz-me-code" className="rz-me-label">
            {t.codeLabel}
          </label>
          <input
            id="rz-me-code"
            ref={codeField}
            className="rz-me-code"
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            aria-describedby="rz-me-code-help"
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              setCode(e.target.value.replace(/\D/g, '').slice(0, 6));
              setError(null);
            }}
          />
          <p id="rz-me-code-help" className="rz-me-help">
            {t.codeHelp}
          </p>
          {error && (
            <p className="rz-me-error" role="alert">
              {error}
            </p>
          )}
          {done && (
            <p className="rz-me-done" role="status">
              <CheckCircleOutlined aria-hidden="true" /> {done}
            </p>
          )}
          <div className="rz-me-two">
            <button
              type={preferOut ? 'button' : 'submit'}
              className={`rz-me-button${preferOut ? ' rz-me-button-plain' : ''}`}
              disabled={check.isPending}
              onClick={preferOut ? () => send('in') : undefined}
            >
              {t.checkIn}
            </button>
            <button
              type={preferOut ? 'submit' : 'button'}
              className={`rz-me-button${preferOut ? '' : ' rz-me-button-plain'}`}
              disabled={check.isPending}
              onClick={preferOut ? undefined : () => send('out')}
            >
              {t.checkOut}
            </button>
          </div>
        </form>
      )}
    </MePage>
  );
}

const starsOf = (n: number) => '★'.repeat(n) + '☆'.repeat(5 - n);

/** 我的时长: confirmed hours, star level, progress to the next star, records and the certificate. */
export function MeHoursPage() {
  const { message } = App.useApp();
  const service = useMyService();
  const volunteerId = useMyVolunteerId();
  const issue = useIssueCertificate();
  const [issued, setIssued] = useState<IssuedCertificate | null>(null);

  if (service.isLoading)
    return (
      <MePage title={t.hours}>
        <Loading />
      </MePage>
    );
  if (service.isError || !service.data)
    return (
      <MePage title={t.hours}>
        <Failed error={service.error} onRetry={() => void service.refetch()} />
      </MePage>
    );
  const s = service.data;
  const hours = formatHours(s.confirmedMinutes);
  const prev = s.starLevel > 0 ? [0, 100, 300, 600, 1000, 1500][s.starLevel]! : 0;
  const percent = s.nextStarHours
    ? Math.min(100, Math.max(0, Math.round(((hours - prev) / (s.nextStarHours - prev)) * 100)))
    : 100;

  return (
    <MePage title={t.hours}>
      <section className="rz-me-card" aria-labelledby="rz-me-total">
        <h2 id="rz-me-total" className="rz-me-card-title">
          {t.hoursTotal}
        </h2>
        <p className="rz-me-hours">
          <span className="rz-me-hours-number">{hours}</span> {t.hoursUnit}
        </p>
        <p className="rz-me-minutes">{t.minutesTotal(s.confirmedMinutes)}</p>
        <p className="rz-me-star">
          <span aria-hidden="true" className="rz-me-star-glyphs">
            {starsOf(s.starLevel)}
          </span>{' '}
          <span className="rz-me-star-text">{t.star(s.starLevel)}</span>
        </p>
        {s.nextStarHours ? (
          <>
            <div
              className="rz-me-progress"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              aria-label={t.toNext(hours, s.nextStarHours)}
            >
              <div className="rz-me-progress-bar" style={{ width: `${percent}%` }} />
            </div>
            <p>{t.toNext(hours, s.nextStarHours)}</p>
          </>
        ) : (
          <p>{t.topStar}</p>
        )}
      </section>

      <section className="rz-me-card" aria-labelledby="rz-me-cert">
        <h2 id="rz-me-cert" className="rz-me-card-title">
          {t.certificate}
        </h2>
        <p>{t.certificateHelp}</p>
        <Button
          type="primary"
          className="rz-me-button"
          loading={issue.isPending}
          disabled={!volunteerId.data}
          onClick={() =>
            volunteerId.data &&
            issue.mutate(volunteerId.data, {
              onSuccess: (c) => {
                setIssued(c);
                void message.success(t.certificateDone(c.number));
              },
              onError: (e) => void message.error(errorMessage(e)),
            })
          }
        >
          {t.certificate}
        </Button>
        {issued && (
          <div className="rz-me-issued" role="status">
            <p>{t.certificateDone(issued.number)}</p>
            <a
              href={certificatePdfPath(issued.id)}
              download
              className="rz-me-button"
              data-verify-path={issued.verifyPath}
            >
              <DownloadOutlined aria-hidden="true" /> {t.download}
            </a>
          </div>
        )}
        {s.certificates.length > 0 && (
          <>
            <h3 className="rz-me-sub">{t.certificates}</h3>
            <ul className="rz-me-list">
              {s.certificates.map((c) => (
                <li key={c.id}>
                  <a href={certificatePdfPath(c.id)} download className="rz-me-link">
                    {c.number}（{formatDateTime(c.issuedAt).split(' ')[0]}）
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="rz-me-card" aria-labelledby="rz-me-records">
        <h2 id="rz-me-records" className="rz-me-card-title">
          {t.records}
        </h2>
        {s.records.length === 0 ? (
          <p>{t.noRecords}</p>
        ) : (
          <ul className="rz-me-list rz-me-records">
            {s.records
              .filter((r) => r.status !== 'superseded')
              .map((r) => (
                <li key={r.id}>
                  <span className="rz-me-record-title">{r.activityName}</span>
                  <span className="rz-me-record-meta">
                    {r.serviceDate} · {t.recordLine(r.minutes)}
                    {r.status === 'pending' ? `（${t.pending}）` : ''}
                  </span>
                  {r.status === 'confirmed' &&
                    (s.requests.some((q) => q.recordId === r.id && q.status === 'pending') ? (
                      <span className="rz-me-record-meta rz-me-waitlist">{t.askPending}</span>
                    ) : (
                      <CorrectionAsk record={r} />
                    ))}
                </li>
              ))}
          </ul>
        )}
      </section>
      {s.requests.length > 0 && (
        <section className="rz-me-card" aria-labelledby="rz-me-requests">
          <h2 id="rz-me-requests" className="rz-me-card-title">
            {t.requests}
          </h2>
          <ul className="rz-me-list rz-me-requests">
            {s.requests.map((q) => (
              <li key={q.id} className={`rz-me-request rz-me-request-${q.status}`}>
                <span className="rz-me-record-title">{q.activityName}</span>
                <span className="rz-me-record-meta">
                  {q.serviceDate} · {t.requestLine(q.currentMinutes, q.minutes)}
                </span>
                <span
                  className={`rz-me-request-outcome ${q.status === 'accepted' ? 'rz-me-done' : q.status === 'rejected' ? 'rz-me-error' : 'rz-me-waitlist'}`}
                >
                  {q.status === 'accepted'
                    ? t.requestAccepted
                    : q.status === 'rejected'
                      ? t.requestRejected(q.decisionNote)
                      : t.requestPending}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </MePage>
  );
}

/** 申请更正: the minutes the volunteer believes are right, and why. */
function CorrectionAsk({ record }: { record: ServiceRecord }) {
  const { message } = App.useApp();
  const ask = useRequestCorrection();
  const [open, setOpen] = useState(false);
  const [minutes, setMinutes] = useState(String(record.minutes));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const base = `rz-me-ask-${record.id}`;
  if (!open)
    return (
      <button
        type="button"
        className="rz-me-button rz-me-button-plain rz-me-ask-open"
        onClick={() => setOpen(true)}
        aria-label={`${t.askCorrection}：${record.activityName}`}
      >
        {t.askCorrection}
      </button>
    );
  return (
    <form
      className="rz-me-ask"
      aria-label={t.askTitle(record.activityName)}
      onSubmit={(e) => {
        e.preventDefault();
        const m = Number(minutes);
        if (!Number.isInteger(m) || m < 1 || m > 1440) return setError(at.detail.correctMinutes);
        if (reason.trim().length < 2) return setError(t.askReason);
        setError(null);
        ask.mutate(
          { recordId: record.id, minutes: m, reason: reason.trim() },
          {
            onSuccess: () => {
              setOpen(false);
              void message.success(t.askDone);
            },
            onError: (err) => setError(errorMessage(err)),
          },
        );
      }}
    >
      <label htmlFor={`${base}-m`} className="rz-me-label">
        {t.askMinutes}
      </label>
      <input
        id={`${base}-m`}
        className="rz-me-input"
        inputMode="numeric"
        value={minutes}
        onChange={(e) => setMinutes(e.target.value.replace(/\D/g, '').slice(0, 4))}
      />
      <label htmlFor={`${base}-r`} className="rz-me-label">
        {t.askReason}
      </label>
      <textarea
        id={`${base}-r`}
        className="rz-me-input"
        rows={3}
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {error && (
        <p className="rz-me-error" role="alert">
          {error}
        </p>
      )}
      <div className="rz-me-two">
        <button type="submit" className="rz-me-button" disabled={ask.isPending}>
          {t.askSubmit}
        </button>
        <button type="button" className="rz-me-button rz-me-button-plain" onClick={() => setOpen(false)}>
          {t.askCancel}
        </button>
      </div>
    </form>
  );
}

/** 可报名的活动: sign up, cancel, and the place on the waiting list. */
export function MeActivitiesPage() {
  const list = useActivities();
  const open = (list.data ?? [])
    .filter(isOpen)
    .sort((x, y) => Date.parse(x.startsAt) - Date.parse(y.startsAt));
  return (
    <MePage title={t.browse}>
      {list.isLoading ? (
        <Loading />
      ) : list.isError ? (
        <Failed error={list.error} onRetry={() => void list.refetch()} />
      ) : open.length === 0 ? (
        <p className="rz-me-card">{t.noneOpen}</p>
      ) : (
        <ul className="rz-me-activity-list">
          {open.map((a) => (
            <li key={a.id}>
              <SignUpCard a={a} />
            </li>
          ))}
        </ul>
      )}
    </MePage>
  );
}

function SignUpCard({ a }: { a: Activity }) {
  const { message } = App.useApp();
  const signUp = useSignUp(a.id);
  const cancel = useCancelSignUp(a.id);
  const full = a.accepted >= a.capacity;
  return (
    <article className="rz-me-card" aria-labelledby={`rz-me-a-${a.id}`}>
      <h2 id={`rz-me-a-${a.id}`} className="rz-me-card-title">
        {a.title}
      </h2>
      <ActivityFacts a={a} />
      {a.mySignup ? (
        <>
          <p className={a.mySignup.status === 'accepted' ? 'rz-me-done' : 'rz-me-waitlist'}>
            {a.mySignup.status === 'accepted' ? t.signedUp : t.waitlist(a.mySignup.position)}
          </p>
          {a.mySignup.promoted && <p className="rz-me-promoted">{t.promoted}</p>}
          <button
            type="button"
            className="rz-me-button rz-me-button-plain"
            disabled={cancel.isPending}
            onClick={() =>
              cancel.mutate(undefined, {
                onSuccess: () => void message.success(t.cancelDone),
                onError: (e) => void message.error(errorMessage(e)),
              })
            }
          >
            {t.cancelSignUp}
          </button>
        </>
      ) : (
        <>
          {full && <p className="rz-me-help">{t.full}</p>}
          <button
            type="button"
            className="rz-me-button"
            disabled={signUp.isPending}
            onClick={() =>
              signUp.mutate(undefined, {
                onSuccess: (r) => {
                  const mine = r.activity.mySignup;
                  void message.success(
                    mine?.status === 'waitlisted' ? t.waitlistDone(mine.position) : t.signupDone,
                  );
                },
                onError: (e) => void message.error(errorMessage(e)),
              })
            }
          >
            {t.signUp}
          </button>
        </>
      )}
    </article>
  );
}
