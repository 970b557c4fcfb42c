// One CSP for the renderer in every host. No inline script, no eval, no remote code; media and
// WebSocket connections are allowed because LiveKit sessions run on servers the user chooses.
export function contentSecurityPolicy(extraConnect: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    // http: only on loopback: a dev LiveKit (ws://127.0.0.1) answers livekit-client's /rtc/validate there,
    // which is how a refused token is told apart from an unreachable server.
    `connect-src 'self' wss: ws: https: http://127.0.0.1:* http://localhost:* ${extraConnect.join(' ')}`.trim(),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "worker-src 'self' blob:",
  ].join('; ');
}
