// Turns what livekit-client and getUserMedia throw into messages that say what happened and what the
// user can do: a refused (invalid or expired) token, an unreachable server, denied devices.
import { ConnectionError, ConnectionErrorReason, DisconnectReason } from 'livekit-client';

export function describeConnectError(error: unknown, url: string): string {
  if (error instanceof ConnectionError) {
    const detail = error.message ? ` (${error.message})` : '';
    switch (error.reason) {
      case ConnectionErrorReason.NotAllowed:
        if (/expired/i.test(error.message)) return `The session refused the invite: its token has expired${detail}. Ask the host for a new invite.`;
        return `The session refused the invite's token: it is invalid or expired${detail}. Ask the host for a new invite.`;
      case ConnectionErrorReason.ServerUnreachable:
      case ConnectionErrorReason.WebSocket:
      case ConnectionErrorReason.Timeout:
      case ConnectionErrorReason.ServiceNotFound:
        return `The session server at ${url} could not be reached${detail}. Check the address and your network, then try again.`;
      case ConnectionErrorReason.Cancelled:
        return 'Joining was cancelled.';
      case ConnectionErrorReason.LeaveRequest:
        return 'The server ended the session while joining.';
      default:
        return `Could not join the session${detail}.`;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/401|unauthori[sz]ed|invalid token|token is expired/i.test(message)) {
    return `The session refused the invite's token: it is invalid or expired (${message}). Ask the host for a new invite.`;
  }
  if (/could not establish|failed to fetch|websocket|network/i.test(message)) {
    return `The session server at ${url} could not be reached (${message}). Check the address and your network, then try again.`;
  }
  return `Could not join the session: ${message}`;
}

export function describeMediaError(error: unknown): string {
  const name = error instanceof Error || (error && typeof error === 'object' && 'name' in error) ? String((error as { name: string }).name) : '';
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError' || name === 'SecurityError') {
    return 'Access to the camera or microphone was denied. Allow it in your system or browser settings, or join with them turned off.';
  }
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') {
    return 'The chosen camera or microphone was not found. Pick another device, or join with it turned off.';
  }
  if (name === 'NotReadableError' || name === 'TrackStartError') {
    return 'The camera or microphone is in use by another application or cannot be read.';
  }
  return `The camera or microphone could not be used: ${error instanceof Error ? error.message : String(error)}`;
}

export function describeDisconnect(reason: DisconnectReason | undefined): string | null {
  switch (reason) {
    case undefined:
    case DisconnectReason.CLIENT_INITIATED:
      return null;
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'You joined this session from somewhere else, so this window left it.';
    case DisconnectReason.PARTICIPANT_REMOVED:
      return 'The host removed you from the session.';
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return 'The session has ended.';
    case DisconnectReason.JOIN_FAILURE:
      return 'Joining the session failed.';
    default:
      return 'The connection to the session was lost and could not be restored. Join again to continue.';
  }
}

/**
 * Media that arrived encrypted and could not be decrypted: the session is end-to-end encrypted and this
 * page has another key, or none (`who` null: the error named no participant).
 */
export function describeEncryptionError(who: string | null): string {
  return `${who ? `Media from ${who}` : 'Media in this session'} cannot be decrypted: the session is end-to-end encrypted and your invite's key does not match. Ask the host for the invite again.`;
}

/** This page joined without a key, but others publish encrypted media: it will see and hear nothing of it. */
export function describeMissingKey(who: string): string {
  return `${who} sends end-to-end encrypted media, and your invite has no encryption key, so you cannot see or hear them. Ask the host for the encrypted invite.`;
}
