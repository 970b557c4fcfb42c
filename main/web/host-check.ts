// DNS-rebinding defence for the web shell. A page on evil.example can make its own name resolve to
// 127.0.0.1 and then talk to the shell as a same-origin page would; its requests still carry
// `Host: evil.example:PORT`. So only the names the shell itself prints (127.0.0.1 and localhost, on its
// own port) are served; any other Host is refused before a file, the media route or the WebSocket.

/** Whether a request's Host header names this shell (127.0.0.1:PORT or localhost:PORT). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const value = host.trim().toLowerCase();
  return value === `127.0.0.1:${port}` || value === `localhost:${port}`;
}

export const HOST_REFUSED_MESSAGE = 'This Fieldtape web shell answers only to 127.0.0.1 and localhost on its own port; open the URL it printed.';
