import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

export interface PlanItem {
  id: string;
  month: number;
  title: string;
  theme: string;
  keyDate: string | null;
  done: boolean;
  activityId: string | null;
  activityTitle: string | null;
}

interface PlanHead {
  id: string;
  regionCode: string;
  regionName: string;
  teamId: string | null;
  teamName: string | null;
  year: number;
  title: string;
  goals: string;
  updatedAt: string;
}

export type PlanSummary = PlanHead & { itemCount: number; doneCount: number };
export type Plan = PlanHead & { items: PlanItem[] };

export interface KeyDate {
  id: string | null;
  date: string;
  name: string;
  kind: 'fixed' | 'lunar' | 'solar_term' | 'local';
  theme: string;
}

export interface WorkingDay {
  date: string;
  isWorkday: boolean;
  note: string;
}

export interface ActivityTemplate {
  id: string;
  title: string;
  theme: string;
  content: string;
  serviceFieldId: string | null;
  serviceFieldName: string | null;
  keyDateName: string | null;
  regionCode: string;
  regionName: string;
}

interface RegionRef {
  code: string;
  name: string;
  level: string;
}

interface Counts {
  teams: number;
  arranged: number;
  active: number;
  flagged: number;
}

export type ComplianceRow = RegionRef & Counts & { own: boolean; drillable: boolean };

export interface ComplianceView {
  year: number;
  month: number;
  region: RegionRef;
  path: RegionRef[];
  total: Counts;
  rows: ComplianceRow[];
  flagged: { id: string; name: string; regionCode: string; regionName: string }[];
}

export interface PlanItemInput {
  month: number;
  title: string;
  theme?: string;
  keyDate?: string | null;
  done?: boolean;
  activityId?: string | null;
}

export const planKeys = {
  all: ['plans'] as const,
  list: (year: number, page: number, pageSize: number) => ['plans', 'list', year, page, pageSize] as const,
  one: (id: string) => ['plans', 'detail', id] as const,
  keyDates: (year: number) => ['plans', 'key-dates', year] as const,
  templates: ['plans', 'templates'] as const,
  workingDays: (year: number) => ['plans', 'working-days', year] as const,
  compliance: (year: number, month: number, region?: string) =>
    ['plans', 'compliance', year, month, region ?? ''] as const,
};

const planPath = (id: string) => `/api/plans/${encodeURIComponent(id)}`;

/** A page of the year's plans, with the total for the pager. */
export function usePlans(year: number, page: number, pageSize: number) {
  return useQuery({
    queryKey: planKeys.list(year, page, pageSize),
    queryFn: ({ signal }) =>
      api.get<{ items: PlanSummary[]; total: number }>('/api/plans', {
        query: { year, page, pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function usePlan(id: string) {
  return useQuery({
    queryKey: planKeys.one(id),
    queryFn: ({ signal }) => api.get<Plan>(planPath(id), { signal }),
    retry: false,
  });
}

export function useCreatePlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      regionCode: string;
      teamId?: string | null;
      year: number;
      title: string;
      goals: string;
      items?: PlanItemInput[];
    }) => api.post<Plan>('/api/plans', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: planKeys.all }),
  });
}

/** Every change to one plan answers with the whole plan: put it in the cache and refresh the lists. */
function usePlanChange<V>(id: string, run: (v: V) => Promise<Plan>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (plan) => {
      qc.setQueryData(planKeys.one(id), plan);
      void qc.invalidateQueries({ queryKey: ['plans', 'list'] });
    },
  });
}

export const useUpdatePlan = (id: string) =>
  usePlanChange(id, (v: { title?: string; goals?: string }) => api.put<Plan>(planPath(id), v));
export const useAddItem = (id: string) =>
  usePlanChange(id, (v: PlanItemInput) => api.post<Plan>(`${planPath(id)}/items`, v));
export const useUpdateItem = (id: string) =>
  usePlanChange(id, ({ itemId, ...v }: Partial<PlanItemInput> & { itemId: string }) =>
    api.put<Plan>(`${planPath(id)}/items/${encodeURIComponent(itemId)}`, v),
  );
export const useRemoveItem = (id: string) =>
  usePlanChange(id, (itemId: string) =>
    api.delete<Plan>(`${planPath(id)}/items/${encodeURIComponent(itemId)}`),
  );

export function useRemovePlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<{ ok: true }>(planPath(id)),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['plans', 'list'] }),
  });
}

export function useKeyDates(year: number) {
  return useQuery({
    queryKey: planKeys.keyDates(year),
    queryFn: ({ signal }) =>
      api.get<{ items: KeyDate[] }>('/api/calendar/key-dates', { query: { year }, signal }),
    select: (d) => d.items,
  });
}

export function useSaveLocalDate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...v }: { id?: string | null; date: string; name: string; theme: string }) =>
      id
        ? api.put(`/api/calendar/local-key-dates/${encodeURIComponent(id)}`, v)
        : api.post('/api/calendar/local-key-dates', v),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['plans', 'key-dates'] }),
  });
}

export function useRemoveLocalDate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/calendar/local-key-dates/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['plans', 'key-dates'] }),
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: planKeys.templates,
    queryFn: ({ signal }) => api.get<{ items: ActivityTemplate[] }>('/api/activity-templates', { signal }),
    select: (d) => d.items,
  });
}

export function useCreateTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      title: string;
      theme: string;
      content: string;
      serviceFieldId?: string | null;
      keyDateName?: string | null;
    }) => api.post('/api/activity-templates', v),
    onSuccess: () => qc.invalidateQueries({ queryKey: planKeys.templates }),
  });
}

export function useRemoveTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/activity-templates/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: planKeys.templates }),
  });
}

export function useServiceFields() {
  return useQuery({
    queryKey: ['plans', 'service-fields'],
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; name: string }[] }>('/api/service-fields', { signal }),
    select: (d) => d.items,
    staleTime: 10 * 60_000,
  });
}

export function useWorkingDays(year: number) {
  return useQuery({
    queryKey: planKeys.workingDays(year),
    queryFn: ({ signal }) =>
      api.get<{ items: WorkingDay[] }>('/api/calendar/working-days', { query: { year }, signal }),
    select: (d) => d.items,
  });
}

export function useSetWorkingDay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ date, ...v }: WorkingDay) =>
      api.put<WorkingDay>(`/api/calendar/working-days/${encodeURIComponent(date)}`, v),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['plans', 'working-days'] }),
  });
}

export function useRemoveWorkingDay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (date: string) => api.delete(`/api/calendar/working-days/${encodeURIComponent(date)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['plans', 'working-days'] }),
  });
}

export function addWorkingDays(from: string, days: number) {
  return api.get<{ date: string }>('/api/calendar/add-working-days', { query: { from, days } });
}

export function useCompliance(year: number, month: number, regionCode?: string) {
  return useQuery({
    queryKey: planKeys.compliance(year, month, regionCode),
    queryFn: ({ signal }) =>
      api.get<ComplianceView>('/api/plans/compliance/regions', {
        query: { year, month, regionCode },
        signal,
      }),
    retry: false,
  });
}

export function useRegionChildren(code: string | undefined) {
  return useQuery({
    queryKey: ['plans', 'region-children', code ?? ''],
    queryFn: ({ signal }) =>
      api.get<{ items: { code: string; name: string }[] }>(
        `/api/regions/${encodeURIComponent(code!)}/children`,
        {
          signal,
        },
      ),
    enabled: !!code,
    select: (d) => d.items,
    staleTime: 10 * 60_000,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: ['plans', 'teams'],
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; name: string }[] }>('/api/teams', {
        query: { status: 'approved', pageSize: 200 },
        signal,
      }),
    select: (d) => d.items,
  });
}

export function useActivityOptions() {
  return useQuery({
    queryKey: ['plans', 'activities'],
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; title: string; startsAt: string }[] }>('/api/activities', { signal }),
    select: (d) => d.items,
  });
}
