import { useSearchParams } from 'react-router';

export type ListPatch = Record<string, string | number | undefined | null>;

/** The URL keys that order a list rather than narrow it (not counted as filters). */
const ORDER_KEYS = new Set(['sort', 'order']);

/**
 * A list page's filters, sort and page live in the URL, so reload, back and a shared link keep them.
 * `query` holds only the allowed keys that are set, ready to send to the API.
 */
export function useListQuery<K extends string>(keys: readonly K[], pageSize: number) {
  const [params, setParams] = useSearchParams();
  const query: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  /** Changes some keys; any change but the page's own goes back to page 1 (unless `keepPage`). */
  const set = (patch: ListPatch, keepPage = false) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined || value === null || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      if (!keepPage && !('page' in patch)) next.delete('page');
      return next;
    });
  /** Replaces every filter at once (a filter form's 查询), trimmed, back on page 1. */
  const replace = (values: Partial<Record<K, string | undefined>>) =>
    setParams(() => {
      const next = new URLSearchParams();
      for (const key of keys) {
        const value = values[key]?.trim();
        if (value) next.set(key, value);
      }
      return next;
    });
  const setPage = (next: number) => set({ page: next > 1 ? next : undefined });
  const clear = () => setParams(new URLSearchParams());
  const activeFilters = keys.filter((k) => !ORDER_KEYS.has(k) && query[k]).length;
  return { query, page, pageSize, set, replace, setPage, clear, activeFilters, params };
}

/** antd's sort order of a column from the URL's sort/order. */
export function sortOrderOf(
  query: { sort?: string; order?: string },
  key: string,
): 'ascend' | 'descend' | null {
  if (query.sort !== key) return null;
  return query.order === 'desc' ? 'descend' : 'ascend';
}
