import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../api';
import type {
  Media,
  PortalStation,
  PortalSummary,
  Poster,
  PublicBrand,
  PublicPoster,
  PublicStory,
  PublicStoryItem,
  Story,
  StoryInput,
  StoryListItem,
  StoryStatus,
  SubjectHit,
  SubjectKind,
} from './types';

export const useStories = (filter: { status?: StoryStatus; q?: string }) =>
  useQuery({
    queryKey: ['publicity', 'stories', filter],
    queryFn: () =>
      api.get<{ items: StoryListItem[] }>('/api/publicity/stories', { query: filter }).then((r) => r.items),
  });

export const useStory = (id: string | undefined) =>
  useQuery({
    queryKey: ['publicity', 'story', id],
    queryFn: () => api.get<Story>(`/api/publicity/stories/${id}`),
    enabled: !!id,
  });

export function useSaveStory(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: StoryInput & { version?: number }) =>
      id
        ? api.put<{ ok: true }>(`/api/publicity/stories/${id}`, input).then(() => ({ id }))
        : api.post<{ id: string }>('/api/publicity/stories', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['publicity'] }),
  });
}

export function useStoryAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      action,
      reason,
    }: {
      action: 'review' | 'publish' | 'return' | 'unpublish';
      reason?: string;
    }) => api.post<{ ok: true }>(`/api/publicity/stories/${id}/${action}`, reason ? { reason } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ['publicity'] }),
  });
}

export const useSubjects = (kind: SubjectKind | null, q: string) =>
  useQuery({
    queryKey: ['publicity', 'subjects', kind, q],
    queryFn: () =>
      api
        .get<{ items: SubjectHit[] }>('/api/publicity/subjects', { query: { kind: kind!, q } })
        .then((r) => r.items),
    enabled: !!kind,
  });

export const uploadImage = (file: Blob) =>
  apiRequest<Media>('/api/publicity/media', { method: 'POST', body: file });

export function useSetConsent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ volunteerId, consent }: { volunteerId: string; consent: boolean }) =>
      api.put<{ consent: boolean; consentAt: string }>(`/api/publicity/volunteers/${volunteerId}/consent`, {
        consent,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['publicity'] }),
  });
}

export const usePosters = () =>
  useQuery({
    queryKey: ['publicity', 'posters'],
    queryFn: () => api.get<{ items: Poster[] }>('/api/publicity/posters').then((r) => r.items),
  });

export function usePosterMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['publicity', 'posters'] });
  return {
    create: useMutation({
      mutationFn: (input: object) => api.post<{ id: string }>('/api/publicity/posters', input),
      onSuccess: done,
    }),
    publish: useMutation({
      mutationFn: ({ id, publish }: { id: string; publish: boolean }) =>
        api.post<{ ok: true }>(`/api/publicity/posters/${id}/${publish ? 'publish' : 'withdraw'}`, {}),
      onSuccess: done,
    }),
  };
}

// ---------------------------------------------------------------- the public portal

export const usePortalSummary = () =>
  useQuery({
    queryKey: ['portal', 'summary'],
    queryFn: () => api.get<PortalSummary>('/api/public/portal/summary'),
  });

export const usePortalStations = () =>
  useQuery({
    queryKey: ['portal', 'stations'],
    queryFn: () => api.get<{ items: PortalStation[] }>('/api/public/portal/stations').then((r) => r.items),
  });

export const usePublicStories = () =>
  useQuery({
    queryKey: ['portal', 'stories'],
    queryFn: () => api.get<{ items: PublicStoryItem[] }>('/api/public/stories').then((r) => r.items),
  });

export const usePublicStory = (id: string) =>
  useQuery({
    queryKey: ['portal', 'story', id],
    queryFn: () => api.get<PublicStory>(`/api/public/stories/${id}`),
    retry: false,
  });

export const usePublicPosters = () =>
  useQuery({
    queryKey: ['portal', 'posters'],
    queryFn: () => api.get<{ items: PublicPoster[] }>('/api/public/posters').then((r) => r.items),
  });

export const usePublicPoster = (id: string) =>
  useQuery({
    queryKey: ['portal', 'poster', id],
    queryFn: () => api.get<PublicPoster>(`/api/public/posters/${id}`),
    retry: false,
  });

export const usePublicBrands = () =>
  useQuery({
    queryKey: ['portal', 'brands'],
    queryFn: () => api.get<{ items: PublicBrand[] }>('/api/public/brands').then((r) => r.items),
  });
