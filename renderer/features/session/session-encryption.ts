// End-to-end encryption for a session whose invite (or token endpoint) carries a key: every participant's
// media and data messages are encrypted with keys derived from it (livekit-client's shared-key provider
// and its worker), so the SFU and anyone without the key relay only ciphertext. Fieldtape records at a
// participant, after decryption, so the composite and per-participant files are made as in any session.
//
// A Room's encryption is fixed when it is constructed: LiveKit sets up insertable streams for every track
// of a Room that has an E2EE manager, key or not, so an unencrypted session must not get one (every frame
// would pass through the worker). session-runtime.ts builds the page's Room with the key it knows at load.
import { ExternalE2EEKeyProvider, type E2EEOptions } from 'livekit-client';
import E2EEWorker from 'livekit-client/e2ee-worker?worker';

export interface SessionEncryption {
  key: string;
  options: E2EEOptions;
  /** Resolves once the key is derived and handed to the worker: wait for it before connecting. */
  ready: Promise<void>;
}

export function createSessionEncryption(key: string): SessionEncryption {
  const keyProvider = new ExternalE2EEKeyProvider();
  // A string key is stretched with PBKDF2, what every LiveKit SDK supports (an ArrayBuffer uses HKDF).
  const ready = keyProvider.setKey(key);
  return { key, options: { keyProvider, worker: new E2EEWorker() }, ready };
}
