import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Account, CreateAccount, Organization, Role } from '../../shared/identity';
import { api } from '../api';
import type { AccountAction } from '../auth/access';

export const PAGE_SIZE = 20;

export interface AccountPage {
  items: Account[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AccountWithPassword {
  account: Account;
  /** A generated one-time password, shown once. */
  initialPassword?: string;
}

export const accountKeys = {
  all: ['accounts'] as const,
  list: (q: string, page: number) => [...accountKeys.all, 'list', q, page] as const,
  organizations: ['organizations'] as const,
};

export function useAccountList(q: string, page: number) {
  return useQuery({
    queryKey: accountKeys.list(q, page),
    queryFn: ({ signal }) =>
      api.get<AccountPage>('/api/accounts', {
        query: { q: q || undefined, page, pageSize: PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useOrganizations(enabled: boolean) {
  return useQuery({
    queryKey: accountKeys.organizations,
    queryFn: ({ signal }) => api.get<{ items: Organization[] }>('/api/organizations', { signal }),
    select: (data) => data.items,
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useCreateAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAccount) => api.post<AccountWithPassword>('/api/accounts', body),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export type StatusAction = Exclude<AccountAction, 'role'>;

export function useAccountAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: StatusAction; reason?: string }) =>
      api.post<AccountWithPassword>(
        `/api/accounts/${encodeURIComponent(id)}/${action}`,
        reason ? { reason } : {},
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export interface RoleChange {
  role: Role;
  regionCode?: string;
  organizationId?: string;
}

export function useChangeRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: RoleChange & { id: string }) =>
      api.put<Account>(`/api/accounts/${encodeURIComponent(id)}/role`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.all }),
  });
}
