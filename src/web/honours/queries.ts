import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Commendation,
  ExternalHonour,
  HolderKind,
  HonourKind,
  NominationDetail,
  NominationStatus,
  NominationSummary,
} from '../../shared/honours';
import { api } from '../api';

export type { ExternalHonour };
export interface HonourHeld {
  name: string;
  level: string;
  year: number;
  source: 'pipeline' | 'external';
}

export const honourKeys = {
  all: ['honours'] as const,
  catalogue: ['honours', 'catalogue'] as const,
  list: (q: Record<string, string | number | undefined>) => ['honours', 'list', q] as const,
  one: (id: string) => ['honours', 'nomination', id] as const,
  held: (kind: HolderKind, id: string) => ['honours', 'held', kind, id] as const,
  external: ['honours', 'external'] as const,
  commendations: ['honours', 'commendations'] as const,
  commendation: (year: number) => ['honours', 'commendation', year] as const,
};

const nPath = (id: string) => `/api/honours/nominations/${encodeURIComponent(id)}`;

export function useCatalogue() {
  return useQuery({
    queryKey: honourKeys.catalogue,
    queryFn: ({ signal }) => api.get<{ items: HonourKind[] }>('/api/honours/catalogue', { signal }),
    select: (d) => d.items,
    staleTime: 5 * 60_000,
  });
}

export const NOMINATIONS_PAGE_SIZE = 20;

export function useNominations(q: {
  status?: NominationStatus;
  level?: string;
  year?: number;
  page: number;
}) {
  const query = { ...q, pageSize: NOMINATIONS_PAGE_SIZE };
  return useQuery({
    queryKey: honourKeys.list(query),
    queryFn: ({ signal }) =>
      api.get<{ items: NominationSummary[]; total: number; page: number; pageSize: number }>(
        '/api/honours/nominations',
        { query, signal },
      ),
    placeholderData: keepPreviousData,
  });
}

export function useNomination(id: string) {
  return useQuery({
    queryKey: honourKeys.one(id),
    queryFn: ({ signal }) => api.get<NominationDetail>(nPath(id), { signal }),
    retry: false,
  });
}

/** Any step on a nomination: POST to a sub-path, then refresh the honours' queries. */
export function useNominationAction<B>(id: string, sub: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => api.post<unknown>(`${nPath(id)}/${sub}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: honourKeys.all }),
  });
}

export function useCreateNomination() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      honourId: string;
      year: number;
      nomineeKind: HolderKind;
      nomineeId: string;
      deeds: string;
    }) => api.post<{ id: string }>('/api/honours/nominations', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: honourKeys.all }),
  });
}

export function useHonoursHeld(kind: HolderKind, id: string | undefined) {
  return useQuery({
    queryKey: honourKeys.held(kind, id ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ items: HonourHeld[] }>('/api/honours/held', { query: { kind, id }, signal }),
    select: (d) => d.items,
    enabled: !!id,
  });
}

export function useExternalHonours() {
  return useQuery({
    queryKey: honourKeys.external,
    queryFn: ({ signal }) => api.get<{ items: ExternalHonour[] }>('/api/honours/external', { signal }),
    select: (d) => d.items,
  });
}

export function useAddExternal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<ExternalHonour, 'id' | 'holderName' | 'regionCode' | 'createdAt'>) =>
      api.post<{ id: string }>('/api/honours/external', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: honourKeys.all }),
  });
}

export function useCommendations() {
  return useQuery({
    queryKey: honourKeys.commendations,
    queryFn: ({ signal }) =>
      api.get<{
        items: { year: number; title: string; heldOn: string; place: string }[];
        currentYear: number;
      }>('/api/honours/commendations', { signal }),
  });
}

export function useCommendation(year: number) {
  return useQuery({
    queryKey: honourKeys.commendation(year),
    queryFn: ({ signal }) => api.get<Commendation>(`/api/honours/commendations/${year}`, { signal }),
  });
}

export function useSaveCommendation(year: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { title: string; heldOn: string; place: string; notes: string }) =>
      api.put<unknown>(`/api/honours/commendations/${year}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: honourKeys.all }),
  });
}

export const commendationPdfPath = (year: number) => `/api/honours/commendations/${year}/pdf`;
export const attachmentPath = (id: string, attachmentId: string) =>
  `${nPath(id)}/attachments/${encodeURIComponent(attachmentId)}`;

/** Nominee / holder search: volunteers and teams by name (the server applies the scope), brands by county. */
export async function searchHolders(
  kind: HolderKind,
  q: string,
): Promise<{ value: string; label: string }[]> {
  if (kind === 'volunteer') {
    const r = await api.get<{
      items: { id: string; name: string; volunteerNo: string; residencePath: string }[];
    }>('/api/volunteers', { query: { q: q || undefined, pageSize: 20 } });
    return r.items.map((v) => ({ value: v.id, label: `${v.name}（${v.volunteerNo}，${v.residencePath}）` }));
  }
  if (kind === 'team') {
    const r = await api.get<{ items: { id: string; name: string; regionPath: string }[] }>('/api/teams', {
      query: { q: q || undefined, pageSize: 20 },
    });
    return r.items.map((t) => ({ value: t.id, label: `${t.name}（${t.regionPath}）` }));
  }
  const r = await api.get<{ items: { id: string; name: string; countyName: string }[] }>(
    '/api/public/brands',
  );
  return r.items
    .filter((b) => !q || b.name.includes(q))
    .map((b) => ({ value: b.id, label: `${b.name}（${b.countyName}）` }));
}
