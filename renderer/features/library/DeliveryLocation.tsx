// Where a recording went: its delivery state, the MP4's object key, a copyable s3://bucket/key and the
// object's URL (as the destination addresses it: virtual-hosted or path-style, AWS or its own endpoint).
// The location is the one kept with the delivery, so editing the destination later does not move it.
// Without a destination the recording stays here, and the row says how to change that.
import { useEffect, useState } from 'react';
import type { LibraryEntry } from '../../../shared/domain/library';
import { api } from '../../api/fieldtape';
import { CopyButton } from '../../components/CopyButton';
import { deliveryLabel } from './format';

/** No destination was active when it was recorded, and none delivered it since. */
export const NO_DESTINATION = 'Not delivered: add a destination';

export function hasNoDestination(entry: Pick<LibraryEntry, 'profileId' | 'delivery'>): boolean {
  return entry.profileId === null && entry.delivery === null;
}

/** One line under a library row: the s3:// location with copy buttons. */
export function LocationLine({ entry }: { entry: LibraryEntry }) {
  const where = entry.location;
  if (!where) return null;
  return (
    <div className="entry-location">
      <span className="hint">{where.delivered ? 'In' : 'Going to'}</span>
      <code title={where.url}>{where.s3Uri}</code>
      <CopyButton text={where.s3Uri} label="Copy s3://" description={entry.title} />
      <CopyButton text={where.url} label="Copy URL" description={entry.title} />
    </div>
  );
}

/** The player's "Delivery" facts for the recording on screen, kept current as its delivery moves on. */
export function DeliveryPanel({ entry: initial }: { entry: LibraryEntry }) {
  const [latest, setLatest] = useState<LibraryEntry>(initial);
  const entry = latest.id === initial.id ? latest : initial;
  useEffect(
    () =>
      api.on('delivery.updated', (snapshot) => {
        if (snapshot.recordingId !== initial.id) return;
        void api.library.detail({ recordingId: initial.id }).then((r) => r.ok && setLatest(r.value.entry));
      }),
    [initial.id],
  );
  const where = entry.location;
  const stateText = deliveryLabel(entry.delivery);
  return (
    <section aria-labelledby="delivery-facts-title" className="panel delivery-facts">
      <h3 id="delivery-facts-title">Delivery</h3>
      {hasNoDestination(entry) ? (
        <p>{NO_DESTINATION} (Destinations page). The recording is kept on this computer.</p>
      ) : (
        <dl className="facts">
          <dt>State</dt>
          <dd>{stateText}</dd>
          {where && (
            <>
              <dt>Object key</dt>
              <dd>
                <code>{where.key}</code>
              </dd>
              <dt>Location</dt>
              <dd>
                <code>{where.s3Uri}</code> <CopyButton text={where.s3Uri} label="Copy s3://" />
              </dd>
              <dt>URL</dt>
              <dd>
                <code>{where.url}</code> <CopyButton text={where.url} label="Copy URL" />
                <br />
                <small className="hint">For people who can read the bucket: Fieldtape itself can only write to it.</small>
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
