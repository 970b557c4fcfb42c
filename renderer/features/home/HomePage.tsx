import { api } from '../../api/fieldtape';
import { useResult } from '../../lib/use-result';

export function HomePage() {
  const info = useResult(() => api.app.info({}));
  return (
    <section aria-labelledby="home-title">
      <h2 id="home-title">Welcome to Fieldtape</h2>
      <p>Record field-service sessions and deliver every recording, intact and verifiable, to your own S3 bucket.</p>
      {/* A failure to reach the engine is announced once, by App. */}
      {info.data && (
        <dl className="facts">
          <dt>Version</dt>
          <dd>{info.data.version}</dd>
          <dt>Running in</dt>
          <dd>{info.data.host === 'electron' ? 'the desktop app' : 'the web shell'}</dd>
          <dt>Data folder</dt>
          <dd>
            <code>{info.data.dataDir}</code>
          </dd>
        </dl>
      )}
    </section>
  );
}
