// The session profile: where tokens come from and the recording rules this organisation requires.
import { useState, type FormEvent } from 'react';
import type { SessionProfile } from '../../../shared/domain/session';
import { api } from '../../api/fieldtape';

export function ProfileForm({ profile, onSaved }: { profile: SessionProfile | null; onSaved(profile: SessionProfile): void }) {
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [notice, setNotice] = useState<boolean | null>(null);
  const [perParticipant, setPerParticipant] = useState<boolean | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (!profile) return null;
  const current = {
    tokenEndpoint: endpoint ?? profile.tokenEndpoint ?? '',
    requireRemoteNotice: notice ?? profile.requireRemoteNotice,
    recordPerParticipant: perParticipant ?? profile.recordPerParticipant,
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await api.session.configure({ ...current, tokenEndpoint: current.tokenEndpoint.trim() || null });
    if (!result.ok) {
      setMessage(result.error.message);
      return;
    }
    setMessage('Profile saved.');
    onSaved(result.value);
  };
  return (
    <details className="profile">
      <summary>Session profile</summary>
      <form onSubmit={(e) => void save(e)} className="settings">
        <label className="field">
          Token endpoint
          <input value={current.tokenEndpoint} onChange={(e) => setEndpoint(e.target.value)} placeholder="https://…/token" />
          <small>POST {'{room, identity}'} → {'{url, token}'}</small>
        </label>
        <label className="inline-field">
          <input type="checkbox" checked={current.requireRemoteNotice} onChange={(e) => setNotice(e.target.checked)} />
          Recording may start only after every participant has been notified
        </label>
        <label className="inline-field">
          <input type="checkbox" checked={current.recordPerParticipant} onChange={(e) => setPerParticipant(e.target.checked)} />
          Also record each participant separately
        </label>
        <button type="submit">Save profile</button>
        {message && <p role="status">{message}</p>}
      </form>
    </details>
  );
}
