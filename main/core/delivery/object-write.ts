// How one object is sent: where (bucket, key, content type, storage class, SSE, Object Lock) and through
// which journal its upload is resumed (parts) and its final write is known to be ours (If-None-Match).
// Every writer of the bucket uses these: the delivery attempt, instant mode and the time-stamp job.
import type { Profile } from '../../../shared/domain/profile';
import { contentTypeFor } from './delivery-plan';
import type { DeliveryStore } from '../store/delivery-store';
import type { ObjectTarget, PartJournal, WriteJournal } from './multipart-upload';
import { storageClassFor } from './storage-class';

export function writeJournalFor(store: DeliveryStore, recordingId: string, name: string): WriteJournal {
  return {
    markWriteSent: () => store.markWriteSent(recordingId, name, new Date().toISOString()),
    refused: () => store.objectConflict(recordingId, name),
  };
}

export function journalFor(store: DeliveryStore, recordingId: string, name: string, now: () => string): PartJournal {
  return {
    current() {
      const o = store.object(recordingId, name);
      return { uploadId: o?.uploadId ?? null, partSize: o?.partSize ?? null };
    },
    begin: (uploadId, partSize) => store.beginUpload(recordingId, name, uploadId, partSize),
    parts: (uploadId) => store.parts(recordingId, name, uploadId),
    record: (uploadId, part) => store.recordPart(recordingId, name, uploadId, part, now()),
    reset: () => store.resetUpload(recordingId, name),
    markWriteSent: () => store.markWriteSent(recordingId, name, now()),
    refused: () => store.objectConflict(recordingId, name),
  };
}

/**
 * Where and how one object is sent; its storage class is the profile's class for its kind. Instant mode
 * sends only the MP4 and names no kind, so a name ending in .mp4 stands for the MP4.
 */
export function targetFor(profile: Profile, key: string, name: string, kind: string = name.endsWith('.mp4') ? 'mp4' : 'unknown', now: Date = new Date()): ObjectTarget {
  // Object Lock counts its days from when the object is sent (for a multipart upload: its Create).
  const lock = profile.objectLock ? { ...profile.objectLock, retainUntil: new Date(now.getTime() + profile.objectLock.days * 86_400_000) } : null;
  return { bucket: profile.bucket, key, contentType: contentTypeFor(name), storageClass: storageClassFor(profile, kind), encryption: profile.encryption, objectLock: lock };
}
