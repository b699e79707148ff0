import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Grid, Input } from 'antd';
import { useState, type ReactNode } from 'react';
import { listText } from './locale';

/** A labelled control in the filter bar (a real <label>, so the field has an accessible name). */
export function FilterField({
  id,
  label,
  children,
  wide = false,
}: {
  id: string;
  label: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={wide ? 'rz-reg-filter rz-reg-filter-wide' : 'rz-reg-filter'}>
      <label htmlFor={id} className="rz-reg-filter-label">
        {label}
      </label>
      {children}
    </div>
  );
}

/** The search box: typed freely, applied on Enter or the button. */
export function SearchFilter({
  id,
  label,
  placeholder,
  value,
  onSearch,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  return (
    <FilterField id={id} label={label} wide>
      <Input.Search
        id={id}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(q) => onSearch(q.trim())}
        placeholder={placeholder}
        maxLength={30}
        allowClear
        enterButton={
          <>
            <SearchOutlined aria-hidden="true" /> {listText.search}
          </>
        }
      />
    </FilterField>
  );
}

/**
 * The filter bar: shown in full on wider screens; on a phone it folds behind one 筛选 button (with the
 * number of filters set), so the list is not pushed below the fold.
 */
export function FilterPanel({
  id,
  title,
  active,
  children,
}: {
  id: string;
  title: string;
  active: number;
  children: ReactNode;
}) {
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [open, setOpen] = useState(false);
  const panel = (
    <section id={id} className="rz-reg-filters" aria-label={title}>
      {children}
    </section>
  );
  if (!narrow) return panel;
  return (
    <>
      <Button
        icon={<FilterOutlined aria-hidden="true" />}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className="rz-reg-filter-toggle"
      >
        {open ? listText.filtersHide : listText.filtersShow(active)}
      </Button>
      {open && panel}
    </>
  );
}
