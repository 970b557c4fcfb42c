// The library: every recording, newest first, searched and filtered in the engine's SQLite and shown
// through a windowed list; import by drop or by choosing; rename, tag, delete; open one in the player.
import { useCallback, useEffect, useState } from 'react';
import type { LibraryDeliveryFilter, LibraryEntry, LibraryStateFilter } from '../../../shared/domain/library';
import { api } from '../../api/fieldtape';
import { PlayerPage } from '../player/PlayerPage';
import { DeleteDialog, EditDialog } from './EntryDialogs';
import { ImportControls, useImportDrop } from './ImportPanel';
import { LibraryRow, PlaceholderRow, type RowActions } from './LibraryRow';
import { useLibraryPages } from './use-library-pages';
import { VirtualList } from './VirtualList';
import './library.css';

const ROW_HEIGHT = 104;
const STATE_FILTERS: Array<[LibraryStateFilter, string]> = [
  ['ready', 'Ready'],
  ['live', 'Live'],
  ['failed', 'Failed'],
];
const DELIVERY_FILTERS: Array<[LibraryDeliveryFilter, string]> = [
  ['none', 'Not delivered'],
  ['pending', 'Delivering'],
  ['delivered', 'Delivered'],
  ['problem', 'Delivery problem'],
];

function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

export function LibraryPage() {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [states, setStates] = useState<LibraryStateFilter[]>([]);
  const [delivery, setDelivery] = useState<LibraryDeliveryFilter[]>([]);
  const [playing, setPlaying] = useState<string | null>(null);
  const [editing, setEditing] = useState<LibraryEntry | null>(null);
  const [deleting, setDeleting] = useState<LibraryEntry | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const pages = useLibraryPages({ search, states, delivery });
  const imports = useImportDrop(() => pages.reload());

  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed), 200);
    return () => clearTimeout(timer);
  }, [typed]);

  useEffect(() => api.on('link.opened', (link) => link.kind === 'open' && setPlaying(link.recordingId)), []);

  const actions: RowActions = {
    onPlay: (entry) => setPlaying(entry.id),
    onEdit: setEditing,
    onDelete: setDeleting,
  };
  const renderRow = (index: number) => {
    const entry = pages.entryAt(index);
    return entry ? <LibraryRow entry={entry} actions={actions} /> : <PlaceholderRow />;
  };
  const { requestRange } = pages;
  const onRange = useCallback((first: number, last: number) => requestRange(first, last), [requestRange]);

  const filtered = search.trim() !== '' || states.length > 0 || delivery.length > 0;
  return (
    <>
      {playing && <PlayerPage key={playing} recordingId={playing} onBack={() => setPlaying(null)} />}
      <section aria-labelledby="library-title" className={`library ${imports.dragging ? 'dragging' : ''}`} hidden={playing !== null} {...imports.dropHandlers}>
        <h2 id="library-title">Library</h2>
        <div className="toolbar">
          <input
            type="search"
            aria-label="Search recordings"
            placeholder="Search title, participant, tag, profile or date (2026-11)"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <div role="group" aria-label="Filter by state" className="filters">
            {STATE_FILTERS.map(([value, label]) => (
              <button key={value} type="button" aria-pressed={states.includes(value)} onClick={() => setStates((s) => toggle(s, value))}>
                {label}
              </button>
            ))}
          </div>
          <div role="group" aria-label="Filter by delivery" className="filters">
            {DELIVERY_FILTERS.map(([value, label]) => (
              <button key={value} type="button" aria-pressed={delivery.includes(value)} onClick={() => setDelivery((s) => toggle(s, value))}>
                {label}
              </button>
            ))}
          </div>
        </div>
        <ImportControls status={imports.status} onFiles={(files, folder) => void imports.start(files, folder)} onClear={imports.clear} onOpen={(e) => setPlaying(e.id)} />
        <p className="count" data-testid="library-count">
          {pages.total === null
            ? 'Loading…'
            : `${pages.total.toLocaleString()} recording${pages.total === 1 ? '' : 's'}${filtered ? ' match' : ''}` +
              (pages.engineMs !== null ? ` · ${pages.engineMs.toFixed(1)} ms in the library` : '')}
        </p>
        {notice && <p role="status">{notice}</p>}
        {pages.error && <p role="alert" className="error">{pages.error}</p>}
        {pages.total === 0 && (
          <p className="empty">{filtered ? 'No recording matches.' : 'No recordings yet. Record a session, or import a video or a delivered folder.'}</p>
        )}
        <VirtualList
          key={JSON.stringify({ search, states, delivery })}
          count={pages.total ?? 0}
          rowHeight={ROW_HEIGHT}
          label="Recordings"
          renderRow={renderRow}
          onRange={onRange}
        />
      </section>
      {editing && (
        <EditDialog
          entry={editing}
          onClose={() => setEditing(null)}
          onSaved={(entry) => {
            setEditing(null);
            setNotice(`Saved “${entry.title}”.`);
            pages.reload();
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          entry={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setNotice(`Deleted “${deleting.title}” from this computer.`);
            setDeleting(null);
            pages.reload();
          }}
        />
      )}
    </>
  );
}
