// What the engine wants the user to know (app.notice): a recording recovered after an unexpected stop, a
// full disk, an IT policy not applied. Notices from before this window connected (the start-up recovery
// runs while the page loads) are fetched once with app.notices; later ones arrive as events.
import { useEffect, useState } from 'react';
import type { Notice } from '../../shared/contract';
import { api } from '../api/fieldtape';

export function NoticeArea() {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    let live = true;
    // Subscribe before fetching, so nothing falls between the two; the same text is shown once.
    const add = (more: Notice[]) => setNotices((shown) => [...shown, ...more.filter((n) => !shown.some((s) => s.message === n.message))]);
    const off = api.on('app.notice', (notice) => add([notice]));
    void api.app.notices({}).then((result) => live && result.ok && add(result.value));
    return () => {
      live = false;
      off();
    };
  }, []);
  if (notices.length === 0) return null;
  return (
    <section className="notices" aria-label="Notices">
      {notices.map((notice) => (
        <p key={notice.message} role={notice.level === 'error' ? 'alert' : 'status'} className={`notice notice-${notice.level}`}>
          <span>{notice.message}</span>
          <button type="button" aria-label="Dismiss notice" onClick={() => setNotices((shown) => shown.filter((n) => n !== notice))}>
            ×
          </button>
        </p>
      ))}
    </section>
  );
}
