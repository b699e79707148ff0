import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { RegionChild, RegionDetail, RegionSearchHit } from '../../shared/regions';
import { api } from '../api';

export const SEARCH_LIMIT = 30;

export const regionKeys = {
  all: ['regions'] as const,
  roots: () => [...regionKeys.all, 'roots'] as const,
  detail: (code: string) => [...regionKeys.all, 'detail', code] as const,
  children: (code: string) => [...regionKeys.all, 'children', code] as const,
  search: (q: string) => [...regionKeys.all, 'search', q] as const,
};

// The tree changes only by import or a station edit: cache it generously while browsing.
const staleTime = 5 * 60_000;

export function useRegionRoots() {
  return useQuery({
    queryKey: regionKeys.roots(),
    queryFn: ({ signal }) => api.get<{ items: RegionChild[] }>('/api/regions/roots', { signal }),
    select: (data) => data.items,
    staleTime,
  });
}

export function useRegionDetail(code: string) {
  return useQuery({
    queryKey: regionKeys.detail(code),
    queryFn: ({ signal }) => api.get<RegionDetail>(`/api/regions/${encodeURIComponent(code)}`, { signal }),
    staleTime,
  });
}

export function useRegionChildren(code: string, enabled: boolean) {
  return useQuery({
    queryKey: regionKeys.children(code),
    queryFn: ({ signal }) =>
      api.get<{ items: RegionChild[] }>(`/api/regions/${encodeURIComponent(code)}/children`, { signal }),
    select: (data) => data.items,
    enabled,
    staleTime,
  });
}

export function useRegionSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: regionKeys.search(query),
    queryFn: ({ signal }) =>
      api.get<{ items: RegionSearchHit[] }>('/api/regions/search', {
        query: { q: query, limit: SEARCH_LIMIT },
        signal,
      }),
    select: (data) => data.items,
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
    staleTime,
  });
}
