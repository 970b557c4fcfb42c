import { useEffect, useState } from 'react';
import type { SettingKey, Settings } from '../../../shared/domain/settings';
import type { SettingsView } from '../../../shared/domain/settings-view';
import { api } from '../../api/fieldtape';
import { useResult } from '../../lib/use-result';
import { SettingField, SETTING_FIELDS } from './setting-fields';

export function SettingsPage() {
  const view = useResult(() => api.settings.get({}));
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);

  useEffect(
    () => api.on('settings.changed', (values: Settings) => view.data && view.replace({ ...view.data, values })),
    [view],
  );

  async function save(key: SettingKey, value: unknown) {
    const result = await api.settings.set({ key, value });
    if (result.ok) {
      view.replace(result.value as SettingsView);
      setStatus({ kind: 'saved', text: 'Saved.' });
    } else {
      setStatus({ kind: 'error', text: result.error.message });
    }
  }

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {view.error && <p role="alert">{view.error}</p>}
      {view.data && (
        <form className="settings" onSubmit={(e) => e.preventDefault()}>
          {SETTING_FIELDS.map((field) => (
            <SettingField
              key={field.key}
              field={field}
              value={view.data!.values[field.key]}
              managed={view.data!.managed.includes(field.key)}
              onSave={(value) => void save(field.key, value)}
            />
          ))}
        </form>
      )}
      <p role="status" className={status?.kind === 'error' ? 'error' : undefined}>
        {status?.text ?? ''}
      </p>
    </section>
  );
}
