import { useQueries } from '@tanstack/react-query';
import { Cascader } from 'antd';
import { useMemo, useState } from 'react';
import { ancestorCodes, type RegionChild, type RegionRef } from '../../shared/regions';
import { api } from '../api';
import { useMe } from '../auth/session';
import { regionKeys, useRegionRoots } from '../regions/queries';
import { rz } from './locale';

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

/** The codes from `root` down to `code` (both included), or just the root when `code` lies outside it. */
export function chainFrom(root: string, code: string): string[] {
  const all = [...ancestorCodes(code), code];
  const i = all.indexOf(root);
  return i >= 0 ? all.slice(i) : [root];
}

export interface RegionCascaderProps {
  id?: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  status?: '' | 'error' | 'warning';
  disabled?: boolean;
  'aria-describedby'?: string;
}

/**
 * 区划 picker limited to the signed-in person's own region: their region is the first column and
 * its subtree loads level by level as it is opened. Any level may be picked (changeOnSelect). A value
 * set from outside (the URL, a saved record) loads the columns along its path, so it shows by name.
 */
export function RegionCascader({
  id,
  value,
  onChange,
  placeholder = rz.common.regionPlaceholder,
  allowClear = true,
  status,
  disabled,
  ...rest
}: RegionCascaderProps) {
  const me = useMe();
  const own: RegionRef | null = me.account.region;
  // People without a region (an organisation's staff) pick from the top of the tree.
  const roots = useRegionRoots();
  const tops: RegionRef[] = useMemo(() => (own ? [own] : (roots.data ?? [])), [own, roots.data]);
  const [opened, setOpened] = useState<string[]>([]);

  const path = useMemo(() => {
    if (!value) return [];
    if (own) return chainFrom(own.code, value);
    const top = tops.find((t) => value.startsWith(t.code.slice(0, 4)));
    return top ? chainFrom(top.code, value) : [value];
  }, [value, own, tops]);

  const wanted = useMemo(() => [...new Set([...path.slice(0, -1), ...opened])], [path, opened]);
  const loaded = useQueries({
    queries: wanted.map((code) => ({
      queryKey: regionKeys.children(code),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<{ items: RegionChild[] }>(`/api/regions/${encodeURIComponent(code)}/children`, { signal }),
      staleTime: 5 * 60_000,
    })),
  });
  const children = new Map<string, RegionChild[]>();
  wanted.forEach((code, i) => {
    const data = loaded[i]?.data;
    if (data) children.set(code, data.items);
  });

  const build = (r: { code: string; name: string; level: string }): RegionOption => {
    const kids = children.get(r.code);
    if (r.level === 'village' || (kids && kids.length === 0))
      return { value: r.code, label: r.name, isLeaf: true };
    return { value: r.code, label: r.name, isLeaf: false, children: kids?.map(build) };
  };
  const options = tops.map(build);

  return (
    <Cascader<RegionOption>
      id={id}
      options={options}
      value={path}
      changeOnSelect
      allowClear={allowClear}
      placeholder={placeholder}
      status={status}
      disabled={disabled}
      aria-describedby={rest['aria-describedby']}
      displayRender={(labels) => labels.join(' / ')}
      loadData={(selected) => {
        const last = selected[selected.length - 1];
        if (last) setOpened((prev) => (prev.includes(last.value) ? prev : [...prev, last.value]));
      }}
      showSearch={{
        filter: (input, opts) => opts.some((o) => String(o.label).includes(input.trim())),
      }}
      onChange={(codes) => {
        const list = (codes ?? []) as string[];
        onChange?.(list.length ? list[list.length - 1] : undefined);
      }}
      className="rz-reg-region-cascader"
    />
  );
}
