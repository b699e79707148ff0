import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../api';

export type LeadershipRole = 'leader' | 'deputy' | 'member';
export type TaskStatus = 'not_started' | 'in_progress' | 'done';

export interface GroupSummary {
  id: string;
  regionCode: string;
  regionName: string;
  regionLevel: string;
  name: string;
  duties: string;
  updatedAt: string;
  currentMembers: number;
  leaderName: string | null;
}

export interface Member {
  id: string;
  name: string;
  post: string;
  role: LeadershipRole;
  fromDate: string;
  toDate: string | null;
  current: boolean;
}

export interface GroupDetail extends Omit<GroupSummary, 'currentMembers' | 'leaderName'> {
  members: Member[];
}

export interface Meeting {
  id: string;
  regionCode: string;
  year: number;
  heldOn: string;
  title: string;
}

export interface Assignment {
  id: string;
  taskId: string;
  countyCode: string;
  countyName: string;
  status: TaskStatus;
  completedOn: string | null;
  updatedAt: string;
  title: string;
  content: string;
  measure: string;
  dueDate: string;
  meetingId: string;
  meetingTitle: string;
  meetingHeldOn: string;
  year: number;
  overdue: boolean;
  reports: number;
  latestReport: { evidence: string; createdAt: string } | null;
}

export interface AssignmentDetail extends Assignment {
  history: {
    id: string;
    status: TaskStatus;
    evidence: string;
    links: string[];
    reporterName: string;
    createdAt: string;
  }[];
}

export const leadershipKeys = {
  all: ['leadership'] as const,
  groups: ['leadership', 'groups'] as const,
  group: (id: string) => ['leadership', 'group', id] as const,
  meetings: ['leadership', 'meetings'] as const,
  tasks: (q: Record<string, string | undefined>) => ['leadership', 'tasks', q] as const,
  task: (id: string) => ['leadership', 'task', id] as const,
};

export const useGroups = () =>
  useQuery({
    queryKey: leadershipKeys.groups,
    queryFn: async () => (await api.get<{ items: GroupSummary[] }>('/api/leadership/groups')).items,
  });

export const useGroup = (id: string) =>
  useQuery({
    queryKey: leadershipKeys.group(id),
    queryFn: () => api.get<GroupDetail>(`/api/leadership/groups/${id}`),
  });

export const useMeetings = () =>
  useQuery({
    queryKey: leadershipKeys.meetings,
    queryFn: async () => (await api.get<{ items: Meeting[] }>('/api/work-meetings')).items,
  });

export const useTasks = (q: Record<string, string | undefined>) =>
  useQuery({
    queryKey: leadershipKeys.tasks(q),
    queryFn: () =>
      api.get<{ items: Assignment[]; total: number; overdue: number; done: number }>(
        withQuery('/api/work-tasks', q),
      ),
  });

export const useTask = (id: string) =>
  useQuery({
    queryKey: leadershipKeys.task(id),
    queryFn: () => api.get<AssignmentDetail>(`/api/work-tasks/${id}`),
  });

export const useChildRegions = (code: string | undefined) =>
  useQuery({
    queryKey: ['leadership', 'regions', code],
    enabled: Boolean(code),
    queryFn: async () =>
      (
        await api.get<{ items: { code: string; name: string; level: string }[] }>(
          `/api/regions/${code}/children`,
        )
      ).items,
  });

/** Any write here changes lists and details: refresh them all. */
export function useLeadershipMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: leadershipKeys.all }),
  });
}
