import { CheckCircleFilled } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import type { MyCallOut } from '../../shared/requests';
import { api, errorMessage } from '../api';
import { useDocumentTitle } from '../useDocumentTitle';
import { rt } from './locale';
import { Failed, formatDateTime, Loading } from './parts';
import { useMyCallOuts } from './queries';

const t = rt.me;

function CallOutCard({ c }: { c: MyCallOut }) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const answer = useMutation({
    mutationFn: (available: boolean) => api.post(`/api/callouts/${c.id}/answer`, { available }),
    onSuccess: () => {
      void message.success(t.thanks);
      void client.invalidateQueries({ queryKey: ['callouts', 'mine'] });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <article className="rz-req-callout-card" aria-label={c.title}>
      <h2>{c.title}</h2>
      <p>
        {formatDateTime(c.startsAt)} · {c.place}
      </p>
      <p className="rz-req-muted">{c.teamName}</p>
      {c.description && <p>{c.description}</p>}
      {c.answer && (
        <p className="rz-req-answered" aria-live="polite">
          <CheckCircleFilled aria-hidden="true" />{' '}
          {c.answer === 'available' ? t.answeredComing : t.answeredNot}
        </p>
      )}
      {c.status === 'open' ? (
        <div className="rz-req-answer-buttons">
          <Button
            type="primary"
            size="large"
            block
            loading={answer.isPending && answer.variables === true}
            onClick={() => answer.mutate(true)}
          >
            {t.coming}
          </Button>
          <Button
            size="large"
            block
            loading={answer.isPending && answer.variables === false}
            onClick={() => answer.mutate(false)}
          >
            {t.notComing}
          </Button>
        </div>
      ) : (
        <p className="rz-req-muted">{t.closed}</p>
      )}
    </article>
  );
}

/** 紧急召集 on the volunteer's phone: answer with one large button. */
export function MeCallOutsPage() {
  useDocumentTitle(t.title);
  const mine = useMyCallOuts();
  return (
    <main className="rz-req-me">
      <h1>{t.title}</h1>
      {mine.isLoading ? (
        <Loading />
      ) : mine.isError ? (
        <Failed error={mine.error} onRetry={() => void mine.refetch()} />
      ) : mine.data?.items.length ? (
        mine.data.items.map((c) => <CallOutCard key={c.id} c={c} />)
      ) : (
        <p>{t.empty}</p>
      )}
    </main>
  );
}
