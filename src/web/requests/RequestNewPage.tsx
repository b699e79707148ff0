import { App, Card } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { PageTitle } from '../pages/PageTitle';
import { useDocumentTitle } from '../useDocumentTitle';
import { rt } from './locale';
import { RequestForm } from './RequestForm';

/** 代群众点单: a village station files a request for a resident who came by or called. */
export function RequestNewPage() {
  useDocumentTitle(rt.form.staffTitle);
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  return (
    <div className="rz-page">
      <PageTitle>{rt.form.staffTitle}</PageTitle>
      <Card style={{ maxWidth: 720 }}>
        <RequestForm
          onSubmit={async (input) => {
            const r = await api.post<{ id: string; requestNo: string }>('/api/requests', input);
            void client.invalidateQueries({ queryKey: ['requests'] });
            void message.success(`${rt.form.done}：${r.requestNo}`);
            navigate(`/requests/${r.id}`);
          }}
        />
      </Card>
    </div>
  );
}
