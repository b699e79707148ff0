import { Select } from 'antd';
import { useState } from 'react';
import { levelOfCode, regionLevels, type RegionChild, type RegionLevel } from '../../shared/regions';
import { zh } from '../locale/zh-CN';
import { useRegionChildren, useRegionRoots } from '../regions/queries';

const t = zh.accounts.form;

export interface RegionPickerProps {
  /** The form field's id: given to the first select, so the form can focus and scroll to the field. */
  id?: string;
  /** Pick below this region; null starts at the roots of the tree (system roles have no region). */
  startCode: string | null;
  /** The level the picked region must have (a county admin's region is a county). */
  targetLevel: RegionLevel;
  value?: string;
  onChange?: (code: string | undefined) => void;
  status?: '' | 'error' | 'warning';
}

function levelBelow(code: string): RegionLevel | undefined {
  return regionLevels[regionLevels.indexOf(levelOfCode(code)) + 1];
}

interface StepProps {
  id: string;
  parent: string | null;
  value: string | undefined;
  onSelect: (code: string) => void;
  status?: RegionPickerProps['status'];
}

/** One select of the cascade: the children of `parent` (or the roots). */
function RegionStep({ id, parent, value, onSelect, status }: StepProps) {
  const roots = useRegionRoots();
  const children = useRegionChildren(parent ?? '', parent !== null);
  const query = parent === null ? roots : children;
  const items: RegionChild[] = query.data ?? [];
  const level = (parent === null ? items[0]?.level : levelBelow(parent)) ?? undefined;
  const levelLabel = level ? zh.regions.levelLabel(level) : t.region;
  return (
    <div className="rz-region-step">
      <label htmlFor={id} className="rz-region-step-label">
        {levelLabel}
      </label>
      <Select
        id={id}
        value={value}
        onChange={onSelect}
        options={items.map((r) => ({ value: r.code, label: r.name }))}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={query.isPending ? t.regionLoading : t.regionLevelPrompt(levelLabel)}
        loading={query.isPending}
        status={status}
        notFoundContent={query.isPending ? t.regionLoading : zh.regions.childrenEmpty}
        className="rz-region-step-select"
      />
    </div>
  );
}

/**
 * 所属区划 as a cascade of selects, from the creator's own region down to the level the role needs:
 * a county admin opening a village account picks the township, then the village.
 */
export function RegionPicker({
  id = 'rz-region-picker',
  startCode,
  targetLevel,
  value,
  onChange,
  status,
}: RegionPickerProps) {
  const [picked, setPicked] = useState<string[]>([]);
  // The form owns the value: when it clears the field (reset), the last pick goes too.
  const last = picked[picked.length - 1];
  const path = last && levelOfCode(last) === targetLevel && value !== last ? picked.slice(0, -1) : picked;

  // One step below the start, then one below each pick until a region of the wanted level is picked.
  const parents: (string | null)[] = [startCode];
  for (const code of path) {
    if (levelOfCode(code) === targetLevel) break;
    parents.push(code);
  }

  const select = (index: number, code: string) => {
    setPicked([...path.slice(0, index), code]);
    onChange?.(levelOfCode(code) === targetLevel ? code : undefined);
  };

  return (
    <fieldset className="rz-region-picker">
      <legend className="rz-region-picker-legend">{t.region}</legend>
      <div className="rz-region-steps">
        {parents.map((parent, index) => (
          <RegionStep
            key={`${index}-${parent ?? 'roots'}`}
            id={index === 0 ? id : `${id}-${index}`}
            parent={parent}
            value={path[index]}
            onSelect={(code) => select(index, code)}
            status={status && path.length <= index ? status : undefined}
          />
        ))}
      </div>
    </fieldset>
  );
}
