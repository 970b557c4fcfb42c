// The banner every participant sees while the session is recorded (or about to be), with the
// acknowledgement that goes into the audit chain.
export interface RecordingBannerProps {
  host: string | null;
  /** The notice before recording starts, when the profile requires participants to be told first. */
  upcoming: boolean;
  acknowledged: boolean;
  onAcknowledge(): void;
}

export function RecordingBanner({ host, upcoming, acknowledged, onAcknowledge }: RecordingBannerProps) {
  const label = upcoming ? 'This session is about to be recorded' : 'This session is being recorded';
  return (
    <div role="alert" aria-label={label} className="recording-banner">
      <strong>{label}</strong>
      {host && <span> by {host}.</span>} <span>Video, audio and annotations are kept as evidence.</span>{' '}
      {acknowledged ? (
        <span className="chip">Acknowledged</span>
      ) : (
        <button type="button" onClick={onAcknowledge}>
          I understand
        </button>
      )}
    </div>
  );
}
