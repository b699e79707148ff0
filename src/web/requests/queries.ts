import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Inbox, OutboxEntry } from '../../shared/notifications';
import type {
  CallOutDetail,
  CallOutSummary,
  MyCallOut,
  RequestDetail,
  RequestStatus,
  RequestSummary,
  Suggestion,
} from '../../shared/requests';
import { api, withQuery } from '../api';

export const useRequests = (filter: { status?: RequestStatus; overdue?: boolean }) =>
  useQuery({
    queryKey: ['requests', filter],
    queryFn: () =>
      api.get<{ items: RequestSummary[] }>(
        withQuery('/api/requests', { status: filter.status, overdue: filter.overdue ? '1' : undefined }),
      ),
  });

export const useOverdueCount = () =>
  useQuery({
    queryKey: ['requests', 'overdue-count'],
    queryFn: () => api.get<{ count: number }>('/api/requests/overdue-count', { background: true }),
    refetchInterval: 60_000,
    meta: { background: true },
  });

export const useRequest = (id: string) =>
  useQuery({ queryKey: ['requests', id], queryFn: () => api.get<RequestDetail>(`/api/requests/${id}`) });

export const useSuggestions = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: ['requests', id, 'suggestions'],
    queryFn: () => api.get<{ items: Suggestion[] }>(`/api/requests/${id}/suggestions`),
    enabled,
  });

export function useRequestAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      action,
      body,
    }: {
      action: 'dispatch' | 'accept' | 'decline' | 'complete';
      body?: object;
    }) => api.post<RequestDetail>(`/api/requests/${id}/${action}`, body ?? {}),
    onSuccess: (detail) => {
      client.setQueryData(['requests', id], detail);
      void client.invalidateQueries({ queryKey: ['requests'] });
      void client.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export const useServiceFields = () =>
  useQuery({
    queryKey: ['requests', 'fields'],
    queryFn: () => api.get<{ fields: { id: string; name: string }[] }>('/api/public/requests/options'),
    staleTime: 600_000,
  });

export interface RegionItem {
  code: string;
  name: string;
  level: string;
}
export const useRegionChildren = (code: string | null) =>
  useQuery({
    queryKey: ['regions', code ?? 'roots', 'children'],
    queryFn: () =>
      api.get<{ items: RegionItem[] }>(code ? `/api/regions/${code}/children` : '/api/regions/roots'),
    staleTime: 600_000,
  });

export const useCallOuts = () =>
  useQuery({ queryKey: ['callouts'], queryFn: () => api.get<{ items: CallOutSummary[] }>('/api/callouts') });

export const useCallOut = (id: string) =>
  useQuery({
    queryKey: ['callouts', id],
    queryFn: () => api.get<CallOutDetail>(`/api/callouts/${id}`),
    refetchInterval: 10_000,
  });

export const useMyCallOuts = () =>
  useQuery({
    queryKey: ['callouts', 'mine'],
    queryFn: () => api.get<{ items: MyCallOut[] }>('/api/callouts/mine'),
    refetchInterval: 30_000,
  });

export const useInbox = () =>
  useQuery({
    queryKey: ['notifications', 'inbox'],
    queryFn: () => api.get<Inbox>('/api/notifications'),
  });

export const useUnreadCount = () =>
  useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api.get<{ unread: number }>('/api/notifications/unread-count', { background: true }),
    refetchInterval: 60_000,
    meta: { background: true },
  });

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids?: string[]; all?: boolean }) =>
      api.post<{ marked: number; unread: number }>('/api/notifications/read', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export const useOutbox = () =>
  useQuery({ queryKey: ['outbox'], queryFn: () => api.get<{ items: OutboxEntry[] }>('/api/outbox') });
