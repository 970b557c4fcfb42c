// Adds or edits one destination. The secret is typed once into a password field and sent straight to the
// keychain (profile.setSecret); nothing ever shows it or sends it back, so an existing destination offers
// "Replace secret" instead. Test connection saves pending changes first, then runs the same probe as
// `fieldtape profile test` and shows its cause with what to do. IT's destinations are read-only here.
import { useState, type FormEvent } from 'react';
import { exampleKey } from '../../../shared/domain/key-template';
import { STORAGE_CLASSES, type Profile, type ProfileTestResult } from '../../../shared/domain/profile';
import { api } from '../../api/fieldtape';
import {
  describeProblems,
  draftFromProfile,
  newDraft,
  settingsFromDraft,
  withEndpoint,
  type DestinationDraft,
  type DraftField,
  type FieldProblem,
  type LockChoice,
  type ModeChoice,
  type StorageChoice,
} from './destination-draft';
import { CheckField, SelectField, TextField } from './fields';
import { TestResultView } from './TestResultView';

const STORAGE_OPTIONS: ReadonlyArray<{ value: StorageChoice; label: string }> = [
  { value: '', label: 'Bucket default (none sent)' },
  ...STORAGE_CLASSES.map((c) => ({ value: c, label: c })),
];

export interface DestinationFormProps {
  /** null: a new destination. */
  profile: Profile | null;
  globalMode: 'instant' | 'post-stop';
  onSaved(profile: Profile): void;
  onClose(): void;
}

export function DestinationForm({ profile, globalMode, onSaved, onClose }: DestinationFormProps) {
  const [current, setCurrent] = useState<Profile | null>(profile);
  const [draft, setDraft] = useState<DestinationDraft>(() => (profile ? draftFromProfile(profile) : newDraft()));
  const [dirty, setDirty] = useState(false);
  const [secret, setSecret] = useState('');
  const [replacing, setReplacing] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const [test, setTest] = useState<ProfileTestResult | null>(null);

  const isNew = current === null;
  const readOnly = current?.managed === true;
  const keychain = draft.secretSource.kind === 'keychain';
  const secretOpen = keychain && (isNew || replacing);
  const problem = (field: DraftField) => problems.find((p) => p.field === field)?.message;
  const edit = (change: Partial<DestinationDraft> | ((d: DestinationDraft) => DestinationDraft)) => {
    setDraft((d) => (typeof change === 'function' ? change(d) : { ...d, ...change }));
    setDirty(true);
    setTest(null);
  };
  const example = exampleKey(draft.prefixTemplate.trim(), draft.name.trim() || 'destination', new Date());

  /** Saves what changed (settings, then the secret); the saved profile, or null with the reason shown. */
  async function save(): Promise<Profile | null> {
    const typed = secretOpen ? secret : '';
    const result = settingsFromDraft(draft, { secret: typed, secretRequired: isNew && keychain });
    if (!result.ok) {
      setProblems(result.problems);
      setNotice({ kind: 'error', text: describeProblems(result.problems) });
      return null;
    }
    setProblems([]);
    let saved = current;
    if (!readOnly && (isNew || dirty)) {
      const reply = await api.profile.save({ settings: result.settings, isNew });
      if (!reply.ok) {
        setNotice({ kind: 'error', text: reply.error.message });
        return null;
      }
      saved = reply.value;
      setCurrent(saved);
      setDirty(false);
      onSaved(saved);
    }
    if (!saved) return null;
    if (typed) {
      // Out of the page's state at once: the field is emptied before the request even returns.
      setSecret('');
      const stored = await api.profile.setSecret({ name: saved.name, secret: typed });
      if (!stored.ok) {
        setReplacing(true);
        setNotice({ kind: 'error', text: `${isNew ? 'The destination was saved, but its secret was not stored' : 'The secret was not stored'}: ${stored.error.message}` });
        return null;
      }
      setReplacing(false);
    }
    setNotice({ kind: 'ok', text: isNew ? `Added ${saved.name}.` : `Saved ${saved.name}.` });
    return saved;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy('saving');
    setTest(null);
    await save();
    setBusy(null);
  }

  async function testConnection() {
    setBusy('testing');
    setTest(null);
    const saved = isNew || dirty || (secretOpen && secret) ? await save() : current;
    if (saved) {
      setNotice(null);
      const reply = await api.profile.test({ name: saved.name });
      if (reply.ok) setTest(reply.value);
      else setNotice({ kind: 'error', text: reply.error.message });
    }
    setBusy(null);
  }

  const title = isNew ? 'New destination' : readOnly ? `Destination ${current.name}` : `Edit ${current.name}`;
  return (
    <form className="destination-form panel" aria-labelledby="destination-form-title" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="destination-form-title">{title}</h3>
      {readOnly && <p className="managed-note">Managed by your organization: these settings come from IT&apos;s policy and cannot be changed here.</p>}
      <fieldset disabled={readOnly || busy !== null} className="grid-2">
        <legend>Bucket</legend>
        <TextField id="dest-name" label="Name" value={draft.name} readOnly={!isNew} problem={problem('name')} hint={isNew ? 'How this destination is listed; also {profile} in the key.' : undefined} onChange={(name) => edit({ name })} />
        <TextField id="dest-bucket" label="Bucket" value={draft.bucket} problem={problem('bucket')} onChange={(bucket) => edit({ bucket })} />
        <TextField id="dest-endpoint" label="Endpoint URL" type="url" value={draft.endpoint} placeholder="empty for AWS S3" problem={problem('endpoint')} hint="For MinIO or another S3-compatible service, e.g. https://s3.example.com." onChange={(v) => edit((d) => withEndpoint(d, v))} />
        <TextField id="dest-region" label="Region" value={draft.region} problem={problem('region')} onChange={(region) => edit({ region })} />
        <CheckField id="dest-path-style" label="Path-style addressing" checked={draft.forcePathStyle} hint="Bucket in the path, not the host name: what MinIO and most S3-compatible services need." onChange={(forcePathStyle) => edit({ forcePathStyle })} />
      </fieldset>

      <fieldset disabled={busy !== null} className="grid-2">
        <legend>Credentials</legend>
        <TextField id="dest-access-key" label="Access key ID" value={draft.accessKeyId} disabled={readOnly} problem={problem('accessKeyId')} onChange={(accessKeyId) => edit({ accessKeyId })} />
        {!keychain && draft.secretSource.kind === 'env' ? (
          <p className="hint">The secret is read from the environment variable ${draft.secretSource.variable} on this computer.</p>
        ) : secretOpen ? (
          <div className="secret-row">
            <TextField id="dest-secret" label="Secret access key" type="password" autoComplete="new-password" value={secret} problem={problem('secret')} hint="Goes straight to this computer's keychain; it is never shown again." onChange={setSecret} />
            {!isNew && (
              <div className="row-actions">
                <button type="button" onClick={() => void save()} disabled={!secret}>
                  Store secret
                </button>
                <button type="button" onClick={() => { setReplacing(false); setSecret(''); }}>
                  Keep the current secret
                </button>
              </div>
            )}
          </div>
        ) : (
          <div className="field">
            <span className="label">Secret access key</span>
            <span className="hint">Stored in this computer&apos;s keychain.</span>
            <button type="button" onClick={() => setReplacing(true)}>
              Replace secret
            </button>
          </div>
        )}
      </fieldset>

      <fieldset disabled={readOnly || busy !== null}>
        <legend>Objects</legend>
        <TextField id="dest-template" label="Key template" value={draft.prefixTemplate} problem={problem('prefixTemplate')} hint="Placeholders: {profile} {yyyy} {mm} {dd} {hh} {recordingId} {sessionId} {ticket} {artifact}." onChange={(prefixTemplate) => edit({ prefixTemplate })} />
        <p className="example-key" aria-live="polite">
          {example.ok ? (
            <>
              Example key: <code>{example.key}</code>
            </>
          ) : (
            <span className="problem">Key template: {example.problem}</span>
          )}
        </p>
        <div className="grid-3">
          <SelectField id="dest-class-mp4" label="Storage class: MP4" value={draft.storage.mp4} options={STORAGE_OPTIONS} onChange={(v) => edit((d) => ({ ...d, storageChosen: true, storage: { ...d.storage, mp4: v } }))} />
          <SelectField id="dest-class-previews" label="Storage class: snapshot and filmstrip" value={draft.storage.previews} options={STORAGE_OPTIONS} onChange={(v) => edit((d) => ({ ...d, storageChosen: true, storage: { ...d.storage, previews: v } }))} />
          <SelectField id="dest-class-raw" label="Storage class: raw recording" value={draft.storage.raw} options={STORAGE_OPTIONS} onChange={(v) => edit((d) => ({ ...d, storageChosen: true, storage: { ...d.storage, raw: v } }))} />
        </div>
        <div className="grid-2">
          <SelectField
            id="dest-sse"
            label="Server-side encryption"
            value={draft.sse}
            options={[
              { value: 'none', label: 'None (the bucket default)' },
              { value: 'SSE-S3', label: 'SSE-S3 (keys managed by S3)' },
              { value: 'SSE-KMS', label: 'SSE-KMS (a KMS key)' },
            ]}
            onChange={(sse) => edit({ sse })}
          />
          {draft.sse === 'SSE-KMS' && <TextField id="dest-kms" label="KMS key ID" value={draft.kmsKeyId} problem={problem('kmsKeyId')} hint="A key ID, alias or ARN." onChange={(kmsKeyId) => edit({ kmsKeyId })} />}
          <SelectField<ModeChoice>
            id="dest-mode"
            label="Delivery mode"
            value={draft.deliveryMode}
            options={[
              { value: 'instant', label: 'Instant: upload while recording' },
              { value: 'post-stop', label: 'After Stop: upload once the recording is finished' },
              ...(draft.deliveryMode === 'global' ? [{ value: 'global' as const, label: `As in Settings (now ${globalMode === 'instant' ? 'instant' : 'after Stop'})` }] : []),
            ]}
            hint="Instant needs an H.264 source; VP8/VP9 recordings are delivered after Stop."
            onChange={(deliveryMode) => edit({ deliveryMode })}
          />
        </div>
        <CheckField id="dest-raw" label="Also deliver the raw recording" checked={draft.raw} hint="The capture's original chunks, before any remux: large, rarely needed." onChange={(raw) => edit({ raw })} />
      </fieldset>

      <fieldset disabled={readOnly || busy !== null}>
        <legend>Evidence</legend>
        <TextField
          id="dest-tsa"
          label="Timestamp authority (TSA) URL"
          type="url"
          value={draft.tsaUrl}
          placeholder="empty: receipts are not time-stamped"
          problem={problem('tsaUrl')}
          hint="Each recording's receipt is time-stamped there (RFC 3161) and the token delivered as receipt.tsr. A TSA that is down delays only the token."
          onChange={(tsaUrl) => edit({ tsaUrl })}
        />
        <div className="grid-2">
          <SelectField<LockChoice>
            id="dest-lock-mode"
            label="Object Lock retention"
            value={draft.lockMode}
            options={[
              { value: '', label: 'None (the bucket default)' },
              { value: 'GOVERNANCE', label: 'Governance (removable with a bypass permission)' },
              { value: 'COMPLIANCE', label: 'Compliance (nobody can delete before the date)' },
            ]}
            hint="The bucket must have Object Lock, and the access key needs s3:PutObjectRetention."
            onChange={(lockMode) => edit((d) => ({ ...d, lockMode, lockDays: lockMode && !d.lockDays ? '2555' : d.lockDays }))}
          />
          {draft.lockMode !== '' && (
            <TextField id="dest-lock-days" label="Retention period (days)" value={draft.lockDays} problem={problem('objectLock')} hint="Counted from each upload; 2555 days is 7 years." onChange={(lockDays) => edit({ lockDays })} />
          )}
        </div>
      </fieldset>

      {notice && (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={notice.kind === 'error' ? 'error' : 'ok'}>
          {notice.text}
        </p>
      )}
      {busy === 'testing' && <p role="status">Testing the connection…</p>}
      {test && <TestResultView result={test} />}

      <div className="form-actions">
        {!readOnly && (
          <button type="submit" disabled={busy !== null}>
            {isNew ? 'Save destination' : 'Save changes'}
          </button>
        )}
        <button type="button" onClick={() => void testConnection()} disabled={busy !== null}>
          Test connection
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
