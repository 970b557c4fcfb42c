// One library entry: thumbnail, title, when and how long, who, and chips for its state, delivery and
// tags, with the actions on it. Presentational: the page owns what the buttons do.
import { mediaPath, type LibraryEntry } from '../../../shared/domain/library';
import { hasNoDestination, LocationLine, NO_DESTINATION } from './DeliveryLocation';
import { deliveryLabel, formatBytes, formatClock, formatWhen, stateLabel, tone } from './format';

export interface RowActions {
  onPlay(entry: LibraryEntry): void;
  onEdit(entry: LibraryEntry): void;
  onDelete(entry: LibraryEntry): void;
}

export function LibraryRow({ entry, actions }: { entry: LibraryEntry; actions: RowActions }) {
  return (
    <div className="entry">
      <div className="thumb" aria-hidden="true">
        {entry.hasSnapshot && <img src={mediaPath(entry.id, 'snapshot')} alt="" loading="lazy" decoding="async" />}
        {!entry.hasSnapshot && entry.hasWaveform && <img className="waveform" src={mediaPath(entry.id, 'waveform')} alt="" loading="lazy" decoding="async" />}
      </div>
      <div className="entry-main">
        <div className="entry-title" title={entry.title}>
          {entry.title}
        </div>
        <div className="entry-meta">
          <span>{formatWhen(entry.startedAt ?? entry.createdAt)}</span>
          <span>{formatClock(entry.durationSec)}</span>
          {entry.participant && <span>{entry.participant}</span>}
          {entry.profileId && <span>{entry.profileId}</span>}
          {entry.mp4Bytes !== null && <span>{formatBytes(entry.mp4Bytes)}</span>}
        </div>
        <div className="chips">
          <span className={`chip tone-${tone(entry.state)}`}>{stateLabel(entry.state)}</span>
          {entry.recovered && (
            <span className="chip tone-bad" title="An unexpected stop (a crash, a kill or a power cut) interrupted this recording; it was recovered from its journal.">
              {RECOVERED_MARK}
            </span>
          )}
          <span className={`chip tone-${tone(entry.delivery)}`}>{hasNoDestination(entry) ? NO_DESTINATION : deliveryLabel(entry.delivery)}</span>
          {entry.sessionId && <span className="chip">Session</span>}
          {entry.ticket && <span className="chip ticket" title="Ticket reference">{entry.ticket}</span>}
          {entry.hasWaveform && <span className="chip">Audio only</span>}
          {entry.tags.map((tag) => (
            <span key={tag} className="chip tag">
              #{tag}
            </span>
          ))}
        </div>
        <LocationLine entry={entry} />
      </div>
      <div className="entry-actions">
        <button type="button" onClick={() => actions.onPlay(entry)} aria-description={entry.title}>
          Play
        </button>
        <button type="button" onClick={() => actions.onEdit(entry)} aria-description={entry.title}>
          Edit
        </button>
        <button type="button" onClick={() => actions.onDelete(entry)} aria-description={entry.title}>
          Delete
        </button>
      </div>
    </div>
  );
}

/** The library's mark on a recording that came back through recovery (tests find it by this text). */
export const RECOVERED_MARK = 'Interrupted, recovered';

export function PlaceholderRow() {
  return (
    <div className="entry placeholder" aria-busy="true">
      <div className="thumb" />
      <div className="entry-main">
        <div className="entry-title">Loading…</div>
      </div>
    </div>
  );
}
