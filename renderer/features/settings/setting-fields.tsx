// How each setting is presented. The values' rules live in shared/domain/settings.ts; this only says
// which input to show and how to read it back.
import { useState } from 'react';
import type { SettingKey } from '../../../shared/domain/settings';

export interface FieldSpec {
  key: SettingKey;
  label: string;
  kind: 'text' | 'number' | 'select';
  options?: string[];
  help?: string;
}

export const SETTING_FIELDS: FieldSpec[] = [
  { key: 'displayName', label: 'Display name', kind: 'text', help: 'Shown to other participants and written into manifests.' },
  {
    key: 'encodePreset',
    label: 'Encode preset',
    kind: 'select',
    options: ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow'],
    help: 'Used when a recording must be re-encoded to H.264.',
  },
  { key: 'encodeCrf', label: 'Encode quality (CRF)', kind: 'number', help: 'Lower is better quality and larger files; 20 is the default.' },
  { key: 'filmstripFrames', label: 'Filmstrip frames', kind: 'number' },
  { key: 'minFreeDiskMb', label: 'Minimum free disk (MB)', kind: 'number', help: 'Recording stops cleanly below this.' },
  { key: 'failedRetentionDays', label: 'Keep failed deliveries (days)', kind: 'number' },
  {
    key: 'recordShortcut',
    label: 'Record shortcut',
    kind: 'text',
    help: 'Starts and stops recording from any application in the desktop app, e.g. CommandOrControl+Shift+R. Leave empty for none.',
  },
];

export function SettingField(props: { field: FieldSpec; value: unknown; managed: boolean; onSave(value: unknown): void }) {
  const { field, value, managed, onSave } = props;
  const [draft, setDraft] = useState(String(value));
  // A new value from main (saved, or changed by policy) replaces the draft. Adjusted during render, not
  // in an effect, so the stale draft is never painted (react.dev: "Adjusting some state when a prop changes").
  const [shownValue, setShownValue] = useState(value);
  if (!Object.is(shownValue, value)) {
    setShownValue(value);
    setDraft(String(value));
  }
  const id = `setting-${field.key}`;
  const commit = () => {
    if (draft === String(value)) return;
    onSave(field.kind === 'number' ? Number(draft) : draft);
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {managed && <span className="chip">Managed</span>}
      </label>
      {field.kind === 'select' ? (
        <select id={id} value={draft} disabled={managed} onChange={(e) => { setDraft(e.target.value); onSave(e.target.value); }}>
          {field.options!.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type={field.kind}
          value={draft}
          disabled={managed}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      )}
      {field.help && <small>{field.help}</small>}
    </div>
  );
}
