import { useCallback, useState } from 'react';
import { DeliveriesPage } from './features/delivery/DeliveriesPage';
import { DestinationsPage } from './features/destinations/DestinationsPage';
import { HomePage } from './features/home/HomePage';
import { LibraryPage } from './features/library/LibraryPage';
import { SessionPage, sessionOpensAtLaunch } from './features/session/SessionPage';
import { SettingsPage } from './features/settings/SettingsPage';

type View = 'home' | 'session' | 'library' | 'deliveries' | 'destinations' | 'settings';

const NAV: Array<{ view: View; label: string }> = [
  { view: 'home', label: 'Home' },
  { view: 'session', label: 'Session' },
  { view: 'library', label: 'Library' },
  { view: 'deliveries', label: 'Deliveries' },
  { view: 'destinations', label: 'Destinations' },
  { view: 'settings', label: 'Settings' },
];

export function App() {
  const [view, setView] = useState<View>(() => (sessionOpensAtLaunch() ? 'session' : 'home'));
  const openSession = useCallback(() => setView('session'), []);
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
      <main className="app-main">
        {view === 'home' && <HomePage />}
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
