import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Organization } from '../../shared/identity';
import type {
  Coverage,
  MemberRole,
  TeamAction,
  TeamDetail,
  TeamInput,
  TeamSummary,
  VolunteerDetail,
  VolunteerInput,
  VolunteerSummary,
} from '../../shared/registry';
import { api, apiRequest, XLSX_MIME } from '../api';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ServiceField {
  id: string;
  name: string;
}

export interface JoinRequest {
  id: string;
  volunteerId: string;
  volunteerName: string;
  teamId: string;
  teamName: string;
  teamRegionName: string;
  role: MemberRole;
  requestedAt: string;
}

export interface Activation {
  code: string;
  expiresAt: string;
  phone: string;
}

export type ImportKind = 'volunteers' | 'teams';
export type ImportMode = 'validate' | 'all-or-nothing' | 'valid-only';

export interface ImportResult {
  total: number;
  valid: number;
  errors: { row: number; column: string; message: string }[];
  imported: number;
}

export interface ImportProgress {
  phase: 'checking' | 'validating' | 'writing' | 'done' | 'failed';
  processed: number;
  total: number;
}

/** List filters exactly as the API takes them (and as they sit in the page's URL). */
export type ListQuery = Record<string, string | number | undefined>;

export const PAGE_SIZE = 20;

export const registryKeys = {
  teams: ['registry', 'teams'] as const,
  teamList: (q: ListQuery) => [...registryKeys.teams, 'list', q] as const,
  teamOptions: (q: string) => [...registryKeys.teams, 'options', q] as const,
  team: (id: string) => [...registryKeys.teams, 'detail', id] as const,
  volunteers: ['registry', 'volunteers'] as const,
  volunteerList: (q: ListQuery) => [...registryKeys.volunteers, 'list', q] as const,
  volunteer: (id: string) => [...registryKeys.volunteers, 'detail', id] as const,
  joinRequests: ['registry', 'join-requests'] as const,
  fields: ['registry', 'service-fields'] as const,
  organizations: ['registry', 'organizations'] as const,
  coverage: (code: string) => ['registry', 'coverage', code] as const,
};

const teamPath = (id: string) => `/api/teams/${encodeURIComponent(id)}`;
const volunteerPath = (id: string) => `/api/volunteers/${encodeURIComponent(id)}`;

// ---------- reference lists ----------

export function useServiceFields() {
  return useQuery({
    queryKey: registryKeys.fields,
    queryFn: ({ signal }) => api.get<{ items: ServiceField[] }>('/api/service-fields', { signal }),
    select: (data) => data.items,
    staleTime: 10 * 60_000,
  });
}

export function useOrganizationList(enabled = true) {
  return useQuery({
    queryKey: registryKeys.organizations,
    queryFn: ({ signal }) => api.get<{ items: Organization[] }>('/api/organizations', { signal }),
    select: (data) => data.items,
    enabled,
    staleTime: 5 * 60_000,
  });
}

// ---------- teams ----------

export function useTeamList(query: ListQuery) {
  return useQuery({
    queryKey: registryKeys.teamList(query),
    queryFn: ({ signal }) => api.get<Paged<TeamSummary>>('/api/teams', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Teams to pick from (parent team, team to join): by name, the first page. */
export function useTeamOptions(q: string) {
  return useQuery({
    queryKey: registryKeys.teamOptions(q),
    queryFn: ({ signal }) =>
      api.get<Paged<TeamSummary>>('/api/teams', {
        query: { q: q || undefined, sort: 'name', pageSize: 30 },
        signal,
      }),
    select: (data) => data.items,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useTeam(id: string | undefined) {
  return useQuery({
    queryKey: registryKeys.team(id ?? ''),
    queryFn: ({ signal }) => api.get<TeamDetail>(teamPath(id!), { signal }),
    enabled: !!id,
  });
}

export function useSaveTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input, version }: { id?: string; input: TeamInput; version?: number }) =>
      id
        ? api.put<TeamDetail>(teamPath(id), { ...input, version })
        : api.post<TeamDetail>('/api/teams', input),
    onSuccess: (team) => {
      client.setQueryData(registryKeys.team(team.id), team);
      void client.invalidateQueries({ queryKey: registryKeys.teams });
    },
  });
}

export function useTeamAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: TeamAction; reason?: string }) =>
      api.post<TeamDetail>(`${teamPath(id)}/${action}`, reason ? { reason } : {}),
    onSuccess: (team) => {
      client.setQueryData(registryKeys.team(team.id), team);
      void client.invalidateQueries({ queryKey: registryKeys.teams });
      void client.invalidateQueries({ queryKey: ['registry', 'coverage'] });
    },
  });
}

// ---------- volunteers ----------

export function useVolunteerList(query: ListQuery, enabled = true) {
  return useQuery({
    queryKey: registryKeys.volunteerList(query),
    queryFn: ({ signal }) => api.get<Paged<VolunteerSummary>>('/api/volunteers', { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useVolunteer(id: string | undefined) {
  return useQuery({
    queryKey: registryKeys.volunteer(id ?? ''),
    queryFn: ({ signal }) => api.get<VolunteerDetail>(volunteerPath(id!), { signal }),
    enabled: !!id,
  });
}

/** VOLUNTEER_EXISTS carries `details.volunteerId` of the existing record (see ApiError.details). */
export function useRegisterVolunteer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: VolunteerInput) => api.post<VolunteerDetail>('/api/volunteers', input),
    onSuccess: (v) => {
      client.setQueryData(registryKeys.volunteer(v.id), v);
      void client.invalidateQueries({ queryKey: registryKeys.volunteers });
      void client.invalidateQueries({ queryKey: registryKeys.teams });
    },
  });
}

export function useReveal() {
  return useMutation({
    mutationFn: ({ id, field }: { id: string; field: 'idCard' | 'phone' }) =>
      api.post<{ value: string | null }>(`${volunteerPath(id)}/reveal`, { field }),
  });
}

function useVolunteerChange<V>(run: (vars: V) => Promise<VolunteerDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (v) => {
      client.setQueryData(registryKeys.volunteer(v.id), v);
      void client.invalidateQueries({ queryKey: registryKeys.volunteers });
      void client.invalidateQueries({ queryKey: registryKeys.teams });
    },
  });
}

export function useAddMembership() {
  return useVolunteerChange(({ id, teamId, role }: { id: string; teamId: string; role: MemberRole }) =>
    api.post<VolunteerDetail>(`${volunteerPath(id)}/memberships`, { teamId, role }),
  );
}

export function useEndMembership() {
  return useVolunteerChange(({ id, teamId }: { id: string; teamId: string }) =>
    api.post<VolunteerDetail>(`${volunteerPath(id)}/memberships/end`, { teamId }),
  );
}

export function useIssueActivation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Activation>(`${volunteerPath(id)}/activation`, {}),
    onSuccess: (_data, id) => void client.invalidateQueries({ queryKey: registryKeys.volunteer(id) }),
  });
}

export function useJoinRequests() {
  return useQuery({
    queryKey: registryKeys.joinRequests,
    queryFn: ({ signal }) => api.get<{ items: JoinRequest[] }>('/api/join-requests', { signal }),
    select: (data) => data.items,
  });
}

export function useRequestJoin() {
  return useMutation({
    mutationFn: (body: { idCard: string; teamId: string; role: MemberRole }) =>
      api.post<{ id: string; status: string }>('/api/join-requests', body),
  });
}

export function useDecideJoin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve, reason }: { id: string; approve: boolean; reason?: string }) =>
      api.post<{ id: string; status: string }>(`/api/join-requests/${encodeURIComponent(id)}/decide`, {
        approve,
        ...(reason ? { reason } : {}),
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: registryKeys.joinRequests });
      void client.invalidateQueries({ queryKey: registryKeys.volunteers });
      void client.invalidateQueries({ queryKey: registryKeys.teams });
    },
  });
}

// ---------- coverage ----------

export function useCoverage(regionCode: string | undefined) {
  return useQuery({
    queryKey: registryKeys.coverage(regionCode ?? ''),
    queryFn: ({ signal }) =>
      api.get<Coverage>('/api/coverage/village-teams', { query: { regionCode }, signal }),
    placeholderData: keepPreviousData,
  });
}

// ---------- imports ----------

export function runImport(kind: ImportKind, file: Blob, mode: ImportMode, job: string) {
  return apiRequest<ImportResult>(`/api/imports/${kind}`, {
    method: 'POST',
    body: new Blob([file], { type: XLSX_MIME }),
    query: { mode, job },
  });
}

export function readImportProgress(job: string, signal?: AbortSignal) {
  return api.get<ImportProgress>(`/api/imports/progress/${encodeURIComponent(job)}`, { signal });
}
