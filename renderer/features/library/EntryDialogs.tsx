// Rename and tag a recording; delete it after reading exactly what goes and what stays.
import { useEffect, useState, type ReactNode } from 'react';
import type { DeletePlan, LibraryEntry } from '../../../shared/domain/library';
import { api } from '../../api/fieldtape';
import { formatBytes } from './format';

function Dialog({ title, children, onClose }: { title: string; children: ReactNode; onClose(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="backdrop">
      <div role="dialog" aria-modal="true" aria-label={title} className="dialog">
        <h3>{title}</h3>
        {children}
      </div>
    </div>
  );
}

export function EditDialog({ entry, onClose, onSaved }: { entry: LibraryEntry; onClose(): void; onSaved(entry: LibraryEntry): void }) {
  const [title, setTitle] = useState(entry.title);
  const [tags, setTags] = useState(entry.tags.join(', '));
  const [error, setError] = useState<string | null>(null);

  async function save() {
    const list = tags.split(',').map((t) => t.trim()).filter(Boolean);
    let latest = entry;
    if (title.trim() !== entry.title) {
      const renamed = await api.library.rename({ recordingId: entry.id, title });
      if (!renamed.ok) return setError(renamed.error.message);
      latest = renamed.value;
    }
    if (list.join(',') !== entry.tags.join(',')) {
      const tagged = await api.library.tags({ recordingId: entry.id, tags: list });
      if (!tagged.ok) return setError(tagged.error.message);
      latest = tagged.value;
    }
    onSaved(latest);
  }

  return (
    <Dialog title="Edit recording" onClose={onClose}>
      <form
        className="settings"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="field">
          Title
          <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <div className="field">
          <label htmlFor="entry-tags">Tags</label>
          <input id="entry-tags" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="warranty, site-12" aria-describedby="entry-tags-help" />
          <small id="entry-tags-help">Separate tags with commas. Titles and tags are searchable.</small>
        </div>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="dialog-actions">
          <button type="submit">Save</button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteDialog({ entry, onClose, onDeleted }: { entry: LibraryEntry; onClose(): void; onDeleted(): void }) {
  const [plan, setPlan] = useState<DeletePlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.library.deletePlan({ recordingId: entry.id }).then((r) => (r.ok ? setPlan(r.value) : setError(r.error.message)));
  }, [entry.id]);

  async function confirm() {
    setBusy(true);
    const result = await api.library.delete({ recordingId: entry.id });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onDeleted();
  }

  return (
    <Dialog title={`Delete “${entry.title}”?`} onClose={onClose}>
      {!plan && !error && <p>Working out what would be removed…</p>}
      {plan && (
        <>
          <h4>Removed from this computer ({formatBytes(plan.localBytes)})</h4>
          <ul className="plain">
            {plan.local.map((item) => (
              <li key={`${item.what}:${item.path}`}>
                {item.what}
                {item.bytes > 0 && ` — ${formatBytes(item.bytes)}`}
              </li>
            ))}
          </ul>
          <h4>Kept</h4>
          <ul className="plain">
            <li>{plan.bucket.explanation}</li>
            {plan.bucket.keys.map((key) => (
              <li key={key}>
                <code>{key}</code>
              </li>
            ))}
            <li>The audit log keeps this recording's events and records the deletion.</li>
          </ul>
          {plan.refusal && <p role="alert" className="error">{plan.refusal}</p>}
        </>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="dialog-actions">
        <button type="button" className="danger" disabled={!plan?.allowed || busy} onClick={() => void confirm()}>
          Delete from this computer
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
