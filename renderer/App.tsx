import { useCallback, useState } from 'react';
import { DeliveriesPage } from './features/delivery/DeliveriesPage';
import { DestinationsPage } from './features/destinations/DestinationsPage';
import { HomePage } from './features/home/HomePage';
import { ControlBar } from './features/record/ControlBar';
import { RecordPage } from './features/record/RecordPage';
import { LibraryPage } from './features/library/LibraryPage';
import { SessionPage, sessionOpensAtLaunch } from './features/session/SessionPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { api } from './api/fieldtape';
import { NoticeArea } from './components/NoticeArea';
import { useResult } from './lib/use-result';

type View = 'record' | 'about' | 'session' | 'library' | 'deliveries' | 'destinations' | 'settings';

const NAV: Array<{ view: View; label: string }> = [
  // Named Home, not Record: the Record screen's own "Record" button must be the only control of that name.
  { view: 'record', label: 'Home' },
  { view: 'session', label: 'Session' },
  { view: 'library', label: 'Library' },
  { view: 'deliveries', label: 'Deliveries' },
  { view: 'destinations', label: 'Destinations' },
  { view: 'settings', label: 'Settings' },
  { view: 'about', label: 'About' },
];

export function App() {
  const [view, setView] = useState<View>(() => (sessionOpensAtLaunch() ? 'session' : 'record'));
  const openSession = useCallback(() => setView('session'), []);
  // One call at start tells whether the engine answers at all (a web shell opened without its token, a
  // stopped shell): said once, on every screen, instead of as each screen's own failure.
  const engine = useResult(() => api.app.info({}));
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">Fieldtape</h1>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <button
              key={item.view}
              type="button"
              aria-current={view === item.view ? 'page' : undefined}
              onClick={() => setView(item.view)}
            >
              {item.label}
            </button>
          ))}
        </nav>
      </header>
      {engine.error && (
        <p role="alert" className="connection-error">
          {engine.error}
        </p>
      )}
      <NoticeArea />
      {/* On every screen while a solo recording runs: the indicator never hides. */}
      <ControlBar />
      <main className="app-main">
        {view === 'record' && <RecordPage onOpenDestinations={() => setView('destinations')} />}
        {view === 'about' && <HomePage />}
        {view === 'library' && <LibraryPage />}
        {view === 'deliveries' && <DeliveriesPage />}
        {view === 'destinations' && <DestinationsPage />}
        {view === 'settings' && <SettingsPage />}
        {/* Always mounted: leaving the Session screen must not leave the call. */}
        <div hidden={view !== 'session'}>
          <SessionPage visible={view === 'session'} onOpen={openSession} />
        </div>
      </main>
    </div>
  );
}
