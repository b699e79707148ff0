import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CorrectionChanges,
  MyPrivacy,
  StaffPrivacyRequest,
} from '../../modules/privacy/privacy.schemas';
import { api } from '../api';

export const privacyKeys = {
  mine: ['privacy', 'mine'] as const,
  staff: (status: 'pending' | 'done') => ['privacy', 'requests', status] as const,
};

export const exportPath = (format: 'json' | 'xlsx') => `/api/me/privacy/export?format=${format}`;

export function useMyPrivacy() {
  return useQuery({
    queryKey: privacyKeys.mine,
    queryFn: ({ signal }) => api.get<MyPrivacy>('/api/me/privacy', { signal }),
  });
}

function useMineMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void client.invalidateQueries({ queryKey: privacyKeys.mine }),
  });
}

export const useRequestCorrection = () =>
  useMineMutation((input: { changes: CorrectionChanges; reason: string }) =>
    api.post<{ id: string }>('/api/me/privacy/corrections', input),
  );
export const useWithdrawConsent = () =>
  useMineMutation(() =>
    api.post<{ storiesHidden: number; postersWithdrawn: number }>('/api/me/privacy/consent/withdraw', {}),
  );
export const useRequestErasure = () =>
  useMineMutation((input: { reason: string; confirm: string }) =>
    api.post<{ id: string }>('/api/me/privacy/erasure', input),
  );

export function useStaffRequests(status: 'pending' | 'done') {
  return useQuery({
    queryKey: privacyKeys.staff(status),
    queryFn: ({ signal }) =>
      api.get<{ items: StaffPrivacyRequest[] }>('/api/privacy/requests', { signal, query: { status } }),
  });
}

export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      input:
        | { id: string; action: 'accept'; note?: string }
        | { id: string; action: 'reject'; reason: string }
        | { id: string; action: 'erase'; confirmName: string },
    ) => {
      const { id, action, ...body } = input;
      return api.post<{ id: string; status: string; name?: string }>(
        `/api/privacy/requests/${id}/${action}`,
        body,
      );
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['privacy', 'requests'] }),
  });
}
