import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Activity,
  ActivityInput,
  ActivityStatus,
  ActivityTemplate,
  AttendanceRow,
  RecordRequest,
  RecordRequestInput,
  ServiceRecord,
} from '../../shared/activities';
import type { Verification } from '../../shared/certificates';
import type { TeamSummary, VolunteerSummary } from '../../shared/registry';
import { api } from '../api';

export interface CheckinCode {
  code: string;
  fixedCode: string;
  validForSeconds: number;
  qrPayload: string;
}

export interface MyService {
  name: string;
  volunteerNo: string;
  confirmedMinutes: number;
  starLevel: number;
  nextStarHours: number | null;
  records: ServiceRecord[];
  requests: RecordRequest[];
  certificates: { id: string; number: string; issuedAt: string }[];
}

export interface IssuedCertificate {
  id: string;
  number: string;
  totalMinutes: number;
  verifyPath: string;
}

export type OutputKind = 'meals' | 'rides' | 'blood_ml' | 'people_helped' | 'lectures';

export interface SignupRow {
  volunteerId: string;
  name: string;
  volunteerNo: string;
  status: 'accepted' | 'waitlisted';
  position: number | null;
  signedUpAt: string;
  checkInAt: string | null;
  checkOutAt: string | null;
  method: 'code' | 'fixed' | 'proxy' | null;
  needsConfirmation: boolean;
}

export const activityKeys = {
  all: ['activities'] as const,
  list: (q: Record<string, string | undefined>) => ['activities', 'list', q] as const,
  one: (id: string) => ['activities', 'detail', id] as const,
  code: (id: string) => ['activities', 'code', id] as const,
  records: (id: string) => ['activities', 'records', id] as const,
  pendingRecords: ['activities', 'records', 'pending'] as const,
  signups: (id: string) => ['activities', 'signups', id] as const,
  attendance: (id: string) => ['activities', 'attendance', id] as const,
  outputs: (id: string) => ['activities', 'outputs', id] as const,
  requestsAll: ['activities', 'requests'] as const,
  requests: (q: Record<string, string | undefined>) => ['activities', 'requests', q] as const,
  members: (teamId: string) => ['activities', 'members', teamId] as const,
  teams: ['activities', 'teams'] as const,
  fields: ['activities', 'fields'] as const,
  myService: ['activities', 'my-service'] as const,
  myVolunteer: ['activities', 'my-volunteer'] as const,
};

const path = (id: string) => `/api/activities/${encodeURIComponent(id)}`;

export function useActivities(query: { status?: ActivityStatus; mine?: boolean } = {}) {
  const q = { status: query.status, mine: query.mine ? 'true' : undefined };
  return useQuery({
    queryKey: activityKeys.list(q),
    queryFn: ({ signal }) => api.get<{ items: Activity[] }>('/api/activities', { query: q, signal }),
    select: (d) => d.items,
  });
}

export function useActivity(id: string) {
  return useQuery({
    queryKey: activityKeys.one(id),
    queryFn: ({ signal }) => api.get<Activity>(path(id), { signal }),
  });
}

export function useApprovedTeams() {
  return useQuery({
    queryKey: activityKeys.teams,
    queryFn: ({ signal }) =>
      api.get<{ items: TeamSummary[] }>('/api/teams', {
        query: { status: 'approved', pageSize: 200 },
        signal,
      }),
    select: (d) => d.items,
    staleTime: 60_000,
  });
}

export function useServiceFields() {
  return useQuery({
    queryKey: activityKeys.fields,
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; name: string }[] }>('/api/service-fields', { signal }),
    select: (d) => d.items,
    staleTime: 10 * 60_000,
  });
}

export function useTeamMembers(teamId: string | undefined) {
  return useQuery({
    queryKey: activityKeys.members(teamId ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ items: VolunteerSummary[] }>('/api/volunteers', {
        query: { teamId, pageSize: 200 },
        signal,
      }),
    select: (d) => d.items,
    enabled: !!teamId,
  });
}

export function useCreateActivity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ActivityInput) => api.post<Activity>('/api/activities', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: activityKeys.all }),
  });
}

/** publish / start / complete / cancel: every answer is the activity as it is now. */
export function useActivityStep(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ step, reason }: { step: 'publish' | 'start' | 'complete' | 'cancel'; reason?: string }) =>
      api.post<Activity>(`${path(id)}/${step}`, step === 'cancel' ? { reason } : {}),
    onSuccess: (activity) => {
      client.setQueryData(activityKeys.one(id), activity);
      void client.invalidateQueries({ queryKey: ['activities', 'list'] });
    },
  });
}

export interface SignupResult {
  results: { volunteerId: string; status: 'accepted' | 'waitlisted' }[];
  activity: Activity;
}

export function useSignUp(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (volunteerIds?: string[]) =>
      api.post<SignupResult>(`${path(id)}/signups`, volunteerIds ? { volunteerIds } : {}),
    onSuccess: (r) => {
      client.setQueryData(activityKeys.one(id), r.activity);
      void client.invalidateQueries({ queryKey: ['activities', 'list'] });
    },
  });
}

export function useCancelSignUp(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (volunteerId?: string) =>
      api.post<Activity>(`${path(id)}/signups/cancel`, volunteerId ? { volunteerId } : {}),
    onSuccess: (a) => {
      client.setQueryData(activityKeys.one(id), a);
      void client.invalidateQueries({ queryKey: ['activities', 'list'] });
    },
  });
}

export function useCheckinCode(id: string) {
  return useQuery({
    queryKey: activityKeys.code(id),
    queryFn: ({ signal }) => api.get<CheckinCode>(`${path(id)}/checkin-code`, { signal }),
    refetchInterval: 5_000,
    refetchIntervalInBackground: true,
  });
}

export function useCheck() {
  return useMutation({
    mutationFn: ({ id, code, direction }: { id: string; code: string; direction: 'in' | 'out' }) =>
      api.post<unknown>(`${path(id)}/check`, { code, direction }),
  });
}

export function useProxyCheck(id: string) {
  return useMutation({
    mutationFn: ({ volunteerId, direction }: { volunteerId: string; direction: 'in' | 'out' }) =>
      api.post<unknown>(`${path(id)}/proxy-check`, { volunteerId, direction }),
  });
}

export function useActivityRecords(id: string) {
  return useQuery({
    queryKey: activityKeys.records(id),
    queryFn: ({ signal }) =>
      api.get<{ items: ServiceRecord[] }>('/api/service-records', { query: { activityId: id }, signal }),
    select: (d) => d.items,
  });
}

/** Records waiting for confirmation in the caller's scope (the server returns at most 500). */
export function usePendingRecords() {
  return useQuery({
    queryKey: activityKeys.pendingRecords,
    queryFn: ({ signal }) =>
      api.get<{ items: ServiceRecord[] }>('/api/service-records', { query: { status: 'pending' }, signal }),
    select: (d) => d.items,
  });
}

export function useMakeRecords(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ items: ServiceRecord[] }>(`${path(id)}/records`, {}),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: activityKeys.records(id) });
      void client.invalidateQueries({ queryKey: activityKeys.attendance(id) });
    },
  });
}

export function useConfirmRecords(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) =>
      api.post<{ items: ServiceRecord[] }>('/api/service-records/confirm', { ids }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: activityKeys.records(id) });
      void client.invalidateQueries({ queryKey: activityKeys.pendingRecords });
    },
  });
}

export function useSaveOutputs(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (outputs: { kind: OutputKind; quantity: number }[]) =>
      api.put<{ outputs: { kind: OutputKind; quantity: number }[] }>(`${path(id)}/outputs`, { outputs }),
    onSuccess: (r) => client.setQueryData(activityKeys.outputs(id), r),
  });
}

export function useMyService() {
  return useQuery({
    queryKey: activityKeys.myService,
    queryFn: ({ signal }) => api.get<MyService>('/api/me/service', { signal }),
  });
}

/** The volunteer's own record: for a volunteer, `/api/volunteers` lists only themselves. */
export function useMyVolunteerId() {
  return useQuery({
    queryKey: activityKeys.myVolunteer,
    queryFn: ({ signal }) => api.get<{ items: VolunteerSummary[] }>('/api/volunteers', { signal }),
    select: (d) => d.items[0]?.id,
    staleTime: 10 * 60_000,
  });
}

export function useIssueCertificate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (volunteerId: string) =>
      api.post<IssuedCertificate>(`/api/volunteers/${encodeURIComponent(volunteerId)}/certificates`, {}),
    onSuccess: () => void client.invalidateQueries({ queryKey: activityKeys.myService }),
  });
}

export const certificatePdfPath = (id: string) => `/api/certificates/${encodeURIComponent(id)}/pdf`;

export function useVerification(query: { token?: string; number?: string; surname?: string } | null) {
  return useQuery({
    queryKey: ['activities', 'verify', query],
    queryFn: ({ signal }) =>
      query!.token
        ? api.get<Verification>(`/api/public/verify/${encodeURIComponent(query!.token)}`, { signal })
        : api.get<Verification>('/api/public/verify', {
            query: { number: query!.number, surname: query!.surname },
            signal,
          }),
    enabled: !!query,
    retry: false,
  });
}

export function useSignups(id: string, enabled = true) {
  return useQuery({
    queryKey: activityKeys.signups(id),
    queryFn: ({ signal }) => api.get<{ items: SignupRow[] }>(`${path(id)}/signups`, { signal }),
    select: (d) => d.items,
    enabled,
  });
}

/** Staff cancel a member's sign-up; the first on the waitlist moves up. */
export function useCancelMemberSignUp(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (volunteerId: string) => api.post<Activity>(`${path(id)}/signups/cancel`, { volunteerId }),
    onSuccess: (a) => {
      client.setQueryData(activityKeys.one(id), a);
      void client.invalidateQueries({ queryKey: activityKeys.signups(id) });
      void client.invalidateQueries({ queryKey: ['activities', 'list'] });
    },
  });
}

export function useAttendance(id: string, enabled = true) {
  return useQuery({
    queryKey: activityKeys.attendance(id),
    queryFn: ({ signal }) => api.get<{ items: AttendanceRow[] }>(`${path(id)}/attendance`, { signal }),
    select: (d) => d.items,
    enabled,
  });
}

export function useReviewAttendance(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { volunteerIds: string[]; decision: 'confirm' | 'reject'; note?: string }) =>
      api.post<{ items: AttendanceRow[] }>(`${path(id)}/attendance/review`, body),
    onSuccess: (r) => client.setQueryData(activityKeys.attendance(id), r),
  });
}

export function useOutputs(id: string, enabled = true) {
  return useQuery({
    queryKey: activityKeys.outputs(id),
    queryFn: ({ signal }) =>
      api.get<{ outputs: { kind: OutputKind; quantity: number }[] }>(`${path(id)}/outputs`, { signal }),
    select: (d) => d.outputs,
    enabled,
  });
}

export function useCorrectRecord(activityId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ recordId, minutes, reason }: { recordId: string; minutes: number; reason: string }) =>
      api.post<{ id: string }>(`/api/service-records/${encodeURIComponent(recordId)}/correct`, {
        minutes,
        reason,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: activityKeys.records(activityId) });
      void client.invalidateQueries({ queryKey: activityKeys.requestsAll });
    },
  });
}

export function useRecordRequests(query: { activityId?: string; status?: RecordRequest['status'] }) {
  return useQuery({
    queryKey: activityKeys.requests(query),
    queryFn: ({ signal }) =>
      api.get<{ items: RecordRequest[] }>('/api/record-requests', { query: { ...query }, signal }),
    select: (d) => d.items,
  });
}

export function useDecideRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: string; decision: 'accept' | 'reject'; reason?: string }) =>
      api.post<RecordRequest>(
        `/api/record-requests/${encodeURIComponent(id)}/${decision}`,
        decision === 'reject' ? { reason } : {},
      ),
    onSuccess: (r) => {
      void client.invalidateQueries({ queryKey: activityKeys.requestsAll });
      if (r.activityId) void client.invalidateQueries({ queryKey: activityKeys.records(r.activityId) });
    },
  });
}

export function useRequestCorrection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordRequestInput) => api.post<RecordRequest>('/api/me/record-requests', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: activityKeys.myService }),
  });
}

export function useActivityTemplate(id: string | null) {
  return useQuery({
    queryKey: ['activities', 'template', id],
    queryFn: ({ signal }) =>
      api.get<ActivityTemplate>(`/api/activity-templates/${encodeURIComponent(id!)}`, { signal }),
    enabled: !!id,
    retry: false,
    staleTime: Infinity,
  });
}
