import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Select } from 'antd';
import { useRef, useState } from 'react';
import { errorMessage } from '../api';
import { pt } from './locale';
import { uploadImage, useSubjects } from './queries';
import type { Media, SubjectHit, SubjectKind } from './types';

/** Picks an image file and uploads it; the server checks what it really is. */
export function ImageUploadButton({
  label,
  onUploaded,
  accept = 'image/png,image/jpeg,image/webp',
}: {
  label: string;
  onUploaded: (media: Media) => void;
  accept?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        // Inline: the form styles show file inputs as blocks, over any class rule.
        style={{ display: 'none' }}
        tabIndex={-1}
        aria-hidden="true"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setBusy(true);
          try {
            onUploaded(await uploadImage(file));
          } catch (error) {
            void message.error(errorMessage(error));
          } finally {
            setBusy(false);
          }
        }}
      />
      <Button
        icon={<UploadOutlined aria-hidden="true" />}
        loading={busy}
        onClick={() => input.current?.click()}
      >
        {label}
      </Button>
    </>
  );
}

/** A searchable picker of teams, volunteers, activities or brands the caller may see. */
export function SubjectPicker({
  id,
  kind,
  value,
  initialName,
  onChange,
  placeholder,
}: {
  id?: string;
  kind: SubjectKind;
  value: string | null;
  initialName?: string | null;
  onChange: (id: string | null, hit: SubjectHit | null) => void;
  placeholder: string;
}) {
  const [q, setQ] = useState('');
  const hits = useSubjects(kind, q);
  const items = hits.data ?? [];
  const options = items.map((h) => ({
    value: h.id,
    label: `${h.name}（${h.hint}）${h.consent === false ? pt.edit.noConsent : ''}`,
  }));
  if (value && !items.some((h) => h.id === value) && initialName)
    options.unshift({ value, label: initialName });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      placeholder={placeholder}
      loading={hits.isFetching}
      options={options}
      onChange={(v: string | undefined) => onChange(v ?? null, items.find((h) => h.id === v) ?? null)}
      className="rz-pub-subject"
    />
  );
}
