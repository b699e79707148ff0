import { DownloadOutlined } from '@ant-design/icons';
import { App } from 'antd';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  ERASURE_PHRASE,
  requestKindLabels,
  requestStatusLabels,
  type CorrectionChanges,
  type MyPrivacy,
} from '../../modules/privacy/privacy.schemas';
import { veteranKindLabels } from '../../shared/registry';
import { errorMessage } from '../api';
import { Failed, formatDateTime, Loading } from '../activities/parts';
import { useDocumentTitle } from '../useDocumentTitle';
import { pt } from './locale';
import {
  exportPath,
  useMyPrivacy,
  useRequestCorrection,
  useRequestErasure,
  useWithdrawConsent,
} from './queries';
import './privacy.css';

const t = pt.me;

/** `/me/privacy` 我的个人信息: see, download, correct, withdraw consent, ask to be deleted. */
export function MePrivacyPage() {
  useDocumentTitle(t.title);
  const mine = useMyPrivacy();
  return (
    <div className="rz-me rz-privacy">
      <Link to="/me" className="rz-me-back">
        ‹ 返回首页
      </Link>
      <h1 className="rz-me-title">{t.title}</h1>
      <p>{t.intro}</p>
      {mine.isLoading ? (
        <Loading />
      ) : mine.isError || !mine.data ? (
        <Failed error={mine.error} onRetry={() => void mine.refetch()} />
      ) : (
        <>
          <Profile data={mine.data} />
          <Download />
          <Correction data={mine.data} />
          <Consent data={mine.data} />
          <Requests data={mine.data} />
          <Erasure data={mine.data} />
        </>
      )}
    </div>
  );
}

function Profile({ data }: { data: MyPrivacy }) {
  const p = data.profile;
  const f = t.fields;
  const rows: [string, string][] = [
    [f.volunteerNo, p.volunteerNo],
    [f.name, p.name],
    [f.gender, p.gender === 'M' ? t.male : t.female],
    [f.birthDate, p.birthDate],
    [f.idCard, p.idCard],
    [f.phone, p.phone ?? t.none],
    [f.residence, p.residence],
    [f.isVeteran, p.isVeteran ? t.yes : t.no],
    [f.veteranKind, p.veteranKind ? veteranKindLabels[p.veteranKind] : t.none],
    [f.branch, p.branch || t.none],
    [f.serviceYears, p.serviceYears === null ? t.none : t.years(p.serviceYears)],
    [f.partyMember, p.partyMember ? t.yes : t.no],
    [f.skills, p.skills || t.none],
  ];
  return (
    <section className="rz-me-card" aria-labelledby="rz-pr-profile">
      <h2 id="rz-pr-profile" className="rz-me-card-title">
        {t.profile}
      </h2>
      <dl className="rz-pr-facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Download() {
  return (
    <section className="rz-me-card" aria-labelledby="rz-pr-download">
      <h2 id="rz-pr-download" className="rz-me-card-title">
        {t.download}
      </h2>
      <p>{t.downloadHelp}</p>
      <a href={exportPath('xlsx')} download className="rz-me-button">
        <DownloadOutlined aria-hidden="true" /> {t.downloadExcel}
      </a>
      <a href={exportPath('json')} download className="rz-me-button rz-me-button-plain">
        <DownloadOutlined aria-hidden="true" /> {t.downloadJson}
      </a>
    </section>
  );
}

type Draft = { name: string; phone: string; branch: string; serviceYears: string; skills: string };

function Correction({ data }: { data: MyPrivacy }) {
  const { message } = App.useApp();
  const ask = useRequestCorrection();
  const p = data.profile;
  const initial: Draft = {
    name: p.name,
    phone: p.phone ?? '',
    branch: p.branch ?? '',
    serviceYears: p.serviceYears === null ? '' : String(p.serviceYears),
    skills: p.skills,
  };
  const [draft, setDraft] = useState<Draft>(initial);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const pending = data.requests.some((r) => r.kind === 'correction' && r.status === 'pending');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const changes: CorrectionChanges = {};
    if (draft.name.trim() !== initial.name) changes.name = draft.name.trim();
    if (draft.phone.trim() !== initial.phone) changes.phone = draft.phone.trim();
    if (draft.branch.trim() !== initial.branch) changes.branch = draft.branch.trim() || null;
    if (draft.serviceYears.trim() !== initial.serviceYears)
      changes.serviceYears = draft.serviceYears.trim() === '' ? null : Number(draft.serviceYears);
    if (draft.skills.trim() !== initial.skills) changes.skills = draft.skills.trim();
    if (Object.keys(changes).length === 0) return setError(t.correctNothing);
    if (reason.trim().length < 2) return setError(t.correctNoReason);
    setError(null);
    ask.mutate(
      { changes, reason: reason.trim() },
      {
        onSuccess: () => {
          setReason('');
          void message.success(t.correctSent);
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };

  const field = (key: keyof Draft, label: string, props: Record<string, unknown> = {}) => (
    <>
      <label htmlFor={`rz-pr-${key}`} className="rz-me-label">
        {label}
      </label>
      <input
        id={`rz-pr-${key}`}
        className="rz-me-input"
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        {...props}
      />
    </>
  );

  return (
    <section className="rz-me-card" aria-labelledby="rz-pr-correct">
      <h2 id="rz-pr-correct" className="rz-me-card-title">
        {t.correct}
      </h2>
      <p>{t.correctHelp}</p>
      <form className="rz-me-ask" aria-labelledby="rz-pr-correct" onSubmit={submit}>
        {field('name', t.fields.name, { maxLength: 30, autoComplete: 'name' })}
        {field('phone', t.fields.phone, { inputMode: 'tel', maxLength: 11, autoComplete: 'tel' })}
        {field('branch', t.fields.branch, { maxLength: 20 })}
        {field('serviceYears', t.fields.serviceYears, { inputMode: 'numeric', maxLength: 2 })}
        {field('skills', t.fields.skills, { maxLength: 200 })}
        <label htmlFor="rz-pr-reason" className="rz-me-label">
          {t.correctReason}
        </label>
        <textarea
          id="rz-pr-reason"
          className="rz-me-input"
          rows={3}
          maxLength={300}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        {error && (
          <p className="rz-me-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="rz-me-button" disabled={ask.isPending || pending}>
          {ask.isPending ? t.submitting : t.correctSubmit}
        </button>
      </form>
    </section>
  );
}

function Consent({ data }: { data: MyPrivacy }) {
  const { message } = App.useApp();
  const withdraw = useWithdrawConsent();
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="rz-me-card" aria-labelledby="rz-pr-consent">
      <h2 id="rz-pr-consent" className="rz-me-card-title">
        {t.consent}
      </h2>
      <p>
        {data.consent.given
          ? t.consentGiven(data.consent.at ? formatDateTime(data.consent.at) : null)
          : t.consentNone}
      </p>
      <h3 className="rz-me-sub">{t.featured}</h3>
      {data.featured.length === 0 ? (
        <p>{t.featuredNone}</p>
      ) : (
        <ul className="rz-me-list rz-pr-featured">
          {data.featured.map((f) => (
            <li key={`${f.kind}-${f.id}`}>
              <span>
                {f.kind === 'story' ? t.story : t.poster}：{f.title}
              </span>
              <span className={f.public ? 'rz-pr-public' : 'rz-pr-private'}>
                {f.public ? t.publicNow : t.notPublic}
              </span>
            </li>
          ))}
        </ul>
      )}
      {data.consent.given &&
        (confirming ? (
          <div className="rz-me-ask" role="group" aria-labelledby="rz-pr-withdraw-q">
            <p id="rz-pr-withdraw-q">{t.withdrawConfirm}</p>
            <div className="rz-me-two">
              <button
                type="button"
                className="rz-me-button rz-pr-danger"
                disabled={withdraw.isPending}
                onClick={() =>
                  withdraw.mutate(undefined, {
                    onSuccess: (r) => {
                      setConfirming(false);
                      void message.success(t.withdrawn(r.storiesHidden, r.postersWithdrawn));
                    },
                    onError: (e) => void message.error(errorMessage(e)),
                  })
                }
              >
                {t.withdrawYes}
              </button>
              <button
                type="button"
                className="rz-me-button rz-me-button-plain"
                onClick={() => setConfirming(false)}
              >
                {t.cancel}
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            className="rz-me-button rz-me-button-plain"
            onClick={() => setConfirming(true)}
          >
            {t.withdraw}
          </button>
        ))}
    </section>
  );
}

function Requests({ data }: { data: MyPrivacy }) {
  return (
    <section className="rz-me-card" aria-labelledby="rz-pr-requests">
      <h2 id="rz-pr-requests" className="rz-me-card-title">
        {t.requests}
      </h2>
      {data.requests.length === 0 ? (
        <p>{t.requestsNone}</p>
      ) : (
        <ul className="rz-me-list rz-pr-requests">
          {data.requests.map((r) => (
            <li key={r.id}>
              <strong>
                {requestKindLabels[r.kind]}：{requestStatusLabels[r.status]}
              </strong>
              <span>{formatDateTime(r.createdAt)}</span>
              {r.changes.map((c) => (
                <span key={c.field}>
                  {c.label}：{c.from} → {c.to}
                </span>
              ))}
              {r.decisionNote && (
                <span>
                  {t.note}：{r.decisionNote}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Erasure({ data }: { data: MyPrivacy }) {
  const { message } = App.useApp();
  const ask = useRequestErasure();
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const pending = data.requests.some((r) => r.kind === 'erasure' && r.status === 'pending');
  return (
    <section className="rz-me-card" aria-labelledby="rz-pr-erase">
      <h2 id="rz-pr-erase" className="rz-me-card-title">
        {t.erase}
      </h2>
      <p>{t.eraseHelp}</p>
      {pending ? (
        <p role="status">{t.erasePending}</p>
      ) : (
        <form
          className="rz-me-ask"
          aria-labelledby="rz-pr-erase"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            ask.mutate(
              { reason: reason.trim(), confirm: confirm.trim() },
              {
                onSuccess: () => void message.success(t.eraseSent),
                onError: (err) => setError(errorMessage(err)),
              },
            );
          }}
        >
          <label htmlFor="rz-pr-erase-reason" className="rz-me-label">
            {t.eraseReason}
          </label>
          <textarea
            id="rz-pr-erase-reason"
            className="rz-me-input"
            rows={2}
            maxLength={300}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <label htmlFor="rz-pr-erase-confirm" className="rz-me-label">
            {t.eraseConfirm(ERASURE_PHRASE)}
          </label>
          <input
            id="rz-pr-erase-confirm"
            className="rz-me-input"
            autoComplete="off"
            maxLength={20}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
          {error && (
            <p className="rz-me-error" role="alert">
              {error}
            </p>
          )}
          <button
            type="submit"
            className="rz-me-button rz-pr-danger"
            disabled={ask.isPending || confirm.trim() !== ERASURE_PHRASE}
          >
            {t.eraseSubmit}
          </button>
        </form>
      )}
    </section>
  );
}
