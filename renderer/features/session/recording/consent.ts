// Writes a consent event into this app's audit chain. The host's engine holds the recording and so the
// authoritative record for every participant; each participant's own app also records what it showed.
import type { ConsentKind } from '../../../../shared/domain/session';
import { api } from '../../../api/fieldtape';

export function recordConsent(sessionId: string, participant: string, kind: ConsentKind, recordingId: string | null): void {
  void api.session
    .consent({ sessionId, participant, kind, ...(recordingId ? { recordingId } : {}) })
    .then((result) => {
      if (!result.ok) console.warn('consent event not recorded', result.error.message);
    });
}
