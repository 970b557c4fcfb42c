// Says when the connection to the session is being restored (livekit-client reconnects by itself).
import { useConnectionState } from '@livekit/components-react';
import { ConnectionState } from 'livekit-client';

export function ConnectionNotice() {
  const state = useConnectionState();
  const text =
    state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting
      ? 'Connection lost — reconnecting to the session…'
      : state === ConnectionState.Connecting
        ? 'Connecting to the session…'
        : state === ConnectionState.Disconnected
          ? 'Disconnected from the session.'
          : null;
  return (
    <div className="connection-notice" aria-live="polite" data-state={state}>
      {text}
    </div>
  );
}
