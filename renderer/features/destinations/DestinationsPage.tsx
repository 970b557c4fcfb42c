// The Destinations page: the S3 buckets recordings are delivered to (delivery profiles), which one new
// recordings use, and the form to add, edit, test or remove one. The list is what profile.list says; no
// copy of it is kept beyond the last reply. IT's destinations are marked and read-only.
import { useState } from 'react';
import type { Profile } from '../../../shared/domain/profile';
import { api } from '../../api/fieldtape';
import { useResult } from '../../lib/use-result';
import { DestinationForm } from './DestinationForm';
import './destinations.css';

type Editing = { kind: 'new' } | { kind: 'existing'; profile: Profile } | null;

export function DestinationsPage() {
  const profiles = useResult(() => api.profile.list({}));
  const settings = useResult(() => api.settings.get({}));
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const globalMode = settings.data?.values.deliveryMode ?? 'post-stop';
  const list = profiles.data ?? [];

  async function activate(p: Profile) {
    const r = await api.profile.activate({ name: p.name });
    setNotice(r.ok ? { kind: 'ok', text: `New recordings are delivered to ${p.name}.` } : { kind: 'error', text: r.error.message });
    profiles.reload();
  }

  async function remove(p: Profile) {
    setConfirming(null);
    const r = await api.profile.remove({ name: p.name });
    if (!r.ok) {
      setNotice({ kind: 'error', text: r.error.message });
      return;
    }
    if (editing?.kind === 'existing' && editing.profile.name === p.name) setEditing(null);
    setNotice({ kind: 'ok', text: `Removed ${p.name}.${r.value.keychainProblem ? ` Its keychain entry could not be deleted: ${r.value.keychainProblem}` : ''}` });
    profiles.reload();
  }

  return (
    <section aria-labelledby="destinations-title" className="destinations">
      <h2 id="destinations-title">Destinations</h2>
      <p className="intro">
        Where recordings are delivered: an S3 bucket, or one on an S3-compatible service such as MinIO. Fieldtape only ever writes (it needs s3:PutObject,
        nothing else). Recording works without a destination; recordings then stay on this computer.
      </p>
      {profiles.error && <p role="alert" className="error">{profiles.error}</p>}
      {notice && (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={notice.kind === 'error' ? 'error' : 'ok'}>
          {notice.text}
        </p>
      )}
      {profiles.loading ? (
        <p>Loading…</p>
      ) : list.length === 0 ? (
        <p className="empty">No destination yet. Recordings are kept on this computer and shown as &quot;Not delivered: add a destination&quot;.</p>
      ) : (
        <ul className="destination-list" aria-label="Destinations">
          {list.map((p) => (
            <li key={p.id} className={`destination${p.active ? ' active' : ''}`} aria-labelledby={`dest-${p.id}`}>
              <div className="destination-main">
                <h3 id={`dest-${p.id}`}>
                  {p.name}
                  {p.active && <span className="chip tone-good">Active: new recordings go here</span>}
                  {p.managed && <span className="chip managed">Managed by your organization</span>}
                </h3>
                <p className="where">
                  <code>s3://{p.bucket}</code> on {p.endpoint ?? `AWS S3 (${p.region})`}
                  {' · '}
                  {(p.deliveryMode ?? globalMode) === 'instant' ? 'instant delivery' : 'delivered after Stop'}
                  {p.secretSource.kind === 'env' ? ` · secret from $${p.secretSource.variable}` : ''}
                </p>
              </div>
              <div className="row-actions">
                {!p.active && (
                  <button type="button" aria-description={p.name} onClick={() => void activate(p)}>
                    Use for new recordings
                  </button>
                )}
                <button type="button" aria-description={p.name} onClick={() => setEditing({ kind: 'existing', profile: p })}>
                  {p.managed ? 'View' : 'Edit'}
                </button>
                {!p.managed && (
                  <button type="button" aria-description={p.name} onClick={() => setConfirming(p.name)}>
                    Remove
                  </button>
                )}
              </div>
              {confirming === p.name && (
                <div role="alertdialog" aria-labelledby={`confirm-${p.id}`} className="confirm">
                  <p id={`confirm-${p.id}`}>
                    Remove {p.name}? What was delivered stays in the bucket; recordings bound to it that are not delivered yet stay on this computer.
                  </p>
                  <button type="button" onClick={() => void remove(p)}>
                    Remove {p.name}
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    Keep it
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {editing === null && (
        <button type="button" className="primary" onClick={() => { setNotice(null); setEditing({ kind: 'new' }); }}>
          Add destination
        </button>
      )}
      {editing && (
        <DestinationForm
          key={editing.kind === 'new' ? 'new' : editing.profile.id}
          profile={editing.kind === 'new' ? null : editing.profile}
          globalMode={globalMode}
          onSaved={() => profiles.reload()}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}
