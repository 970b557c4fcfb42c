// Each recording's delivery as the engine reports it (snapshots from delivery.list and delivery.updated
// events; no shadow state), with Retry now and Cancel. Coming back online nudges waiting deliveries.
import { useEffect, useState } from 'react';
import type { DeliverySnapshot } from '../../../shared/domain/delivery';
import { api } from '../../api/fieldtape';
import { canCancel, canRetry, deliveryStatusText } from './delivery-text';

export function DeliveriesPage() {
  const [deliveries, setDeliveries] = useState<DeliverySnapshot[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.delivery.list({ limit: 200 }).then((r) => {
      if (!live) return;
      if (r.ok) setDeliveries(r.value);
      else setError(r.error.message);
    });
    const off = api.on('delivery.updated', (snapshot) =>
      setDeliveries((list) => {
        const rest = (list ?? []).filter((d) => d.recordingId !== snapshot.recordingId);
        return [snapshot, ...rest].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      }),
    );
    const online = () => void api.delivery.nudge({ reason: 'online' });
    window.addEventListener('online', online);
    return () => {
      live = false;
      off();
      window.removeEventListener('online', online);
    };
  }, []);

  const act = (pending: Promise<{ ok: boolean; error?: { message: string } }>) =>
    void pending.then((r) => setError(r.ok ? null : (r.error?.message ?? 'Failed')));

  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      {error && <p role="alert" className="error">{error}</p>}
      {deliveries === null ? (
        <p>Loading…</p>
      ) : deliveries.length === 0 ? (
        <p>No deliveries yet. Recordings made with an active profile are delivered to its bucket.</p>
      ) : (
        <table className="deliveries">
          <thead>
            <tr>
              <th>Recording</th>
              <th>Profile</th>
              <th>State</th>
              <th>Attempts</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.recordingId} data-state={d.state}>
                <td><code>{d.recordingId}</code></td>
                <td>{d.profileName ?? '(removed)'} → {d.bucket ?? '?'}</td>
                <td>{deliveryStatusText(d)}</td>
                <td>{d.attempts} / {d.maxAttempts}</td>
                <td>
                  {canRetry(d) && <button type="button" onClick={() => act(api.delivery.retry({ recordingId: d.recordingId }))}>Retry now</button>}
                  {canCancel(d) && <button type="button" onClick={() => act(api.delivery.cancel({ recordingId: d.recordingId }))}>Cancel</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
