import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, withQuery } from '../api';

export interface Coverage {
  counties: number;
  countiesWithBrand: number;
  brands: number;
  brandsWithHighlight: number;
  countiesWithoutBrand: { code: string; name: string }[];
  brandsWithoutHighlight: { id: string; name: string; countyName: string }[];
}

export interface BrandSummary {
  id: string;
  name: string;
  countyCode: string;
  countyName: string;
  description: string;
  teams: { id: string; name: string }[];
  highlights: { id: string; title: string; body: string }[];
}

export interface BrandResults {
  confirmedMinutes: number;
  records: number;
  volunteers: number;
  activities: number;
  outputs: { kind: string; quantity: number }[];
}

export interface BrandDetail extends Omit<BrandSummary, 'highlights'> {
  updatedAt: string;
  highlights: { id: string; title: string; body: string; createdAt: string }[];
  results: BrandResults;
}

export interface CaseSummary {
  id: string;
  title: string;
  brandId: string;
  brandName: string;
  regionCode: string;
  countyName: string;
  highlightId: string | null;
  highlightTitle: string | null;
  fieldId: string | null;
  fieldName: string | null;
  status: 'draft' | 'published';
  publishedAt: string | null;
  updatedAt: string;
}

export interface CaseDetail extends CaseSummary {
  background: string;
  actions: string;
  results: string;
  brandOutputs: BrandResults;
}

/** An honour held, as the honours module reports it (fields used defensively). */
export interface HonourHeld {
  id?: string;
  name?: string;
  honourName?: string;
  title?: string;
  year?: number | string | null;
  awardedOn?: string | null;
  awardedAt?: string | null;
  level?: string | null;
}

export const brandKeys = {
  all: ['brands'] as const,
  coverage: ['brands', 'coverage'] as const,
  list: ['brands', 'list'] as const,
  one: (id: string) => ['brands', 'detail', id] as const,
  honours: (kind: string, id: string) => ['brands', 'honours', kind, id] as const,
  cases: (q: Record<string, string | undefined>) => ['brands', 'cases', q] as const,
  caseOne: (id: string) => ['brands', 'case', id] as const,
};

export const useCoverage = () =>
  useQuery({ queryKey: brandKeys.coverage, queryFn: () => api.get<Coverage>('/api/public/brands/coverage') });

export const useBrands = () =>
  useQuery({
    queryKey: brandKeys.list,
    queryFn: async () => (await api.get<{ items: BrandSummary[] }>('/api/public/brands')).items,
  });

export const useBrand = (id: string) =>
  useQuery({ queryKey: brandKeys.one(id), queryFn: () => api.get<BrandDetail>(`/api/brands/${id}`) });

/**
 * Honours held by a brand (or case's brand). The honours endpoint may not be there yet or may not know
 * the brand: a 404 is "none to show", not a failure.
 */
export const useHonoursHeld = (kind: 'brand', id: string | undefined) =>
  useQuery({
    queryKey: brandKeys.honours(kind, id ?? ''),
    enabled: Boolean(id),
    retry: false,
    queryFn: async (): Promise<HonourHeld[] | null> => {
      try {
        const res = await api.get<{ items?: HonourHeld[] } | HonourHeld[]>(
          withQuery('/api/honours/held', { kind, id }),
        );
        return Array.isArray(res) ? res : (res.items ?? []);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });

export const useCases = (q: Record<string, string | undefined>) =>
  useQuery({
    queryKey: brandKeys.cases(q),
    queryFn: async () => (await api.get<{ items: CaseSummary[] }>(withQuery('/api/cases', q))).items,
  });

export const useCase = (id: string) =>
  useQuery({
    queryKey: brandKeys.caseOne(id),
    enabled: Boolean(id),
    queryFn: () => api.get<CaseDetail>(`/api/cases/${id}`),
  });

export const useServiceFields = () =>
  useQuery({
    queryKey: ['brands', 'service-fields'],
    queryFn: async () =>
      (await api.get<{ items: { id: string; name: string }[] }>('/api/service-fields')).items,
    staleTime: 600_000,
  });

export const useCountyTeams = (countyCode: string | undefined) =>
  useQuery({
    queryKey: ['brands', 'teams', countyCode],
    enabled: Boolean(countyCode),
    queryFn: async () =>
      (
        await api.get<{ items: { id: string; name: string }[] }>(
          withQuery('/api/teams', {
            regionCode: countyCode,
            status: 'approved',
            pageSize: 200,
            sort: 'name',
          }),
        )
      ).items,
  });

export const useCounties = (cityCode: string | undefined) =>
  useQuery({
    queryKey: ['brands', 'counties', cityCode],
    enabled: Boolean(cityCode),
    queryFn: async () =>
      (await api.get<{ items: { code: string; name: string }[] }>(`/api/regions/${cityCode}/children`)).items,
  });

/** Any write here may change the coverage, lists and details: refresh them all. */
export function useBrandMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: brandKeys.all }),
  });
}
