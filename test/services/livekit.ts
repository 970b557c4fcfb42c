// LiveKit in dev mode (API key devkey / secret), bound to loopback, on ports chosen per run (so the
// 7880-7882 defaults never collide with another LiveKit on the machine). --bind only covers the HTTP/WS
// port, so the media side is pinned through --config-body: one ICE/UDP port muxed on the loopback interface
// only, and ICE/TCP switched off because livekit-server always listens for it on every interface.
import path from 'node:path';
import { SERVICES_LOG_DIR } from './paths';
import { freeTcpPort, freeUdpPort } from './ports';
import { logTail, startDetached, waitReady, type ProcRecord } from './proc';

export const LIVEKIT_API_KEY = 'devkey';
export const LIVEKIT_API_SECRET = 'secret';

export interface LivekitInfo {
  proc: ProcRecord;
  url: string;
  httpUrl: string;
}

export async function startLivekit(serverBin: string, track: (rec: ProcRecord) => void): Promise<LivekitInfo> {
  const port = await freeTcpPort();
  const udpPort = await freeUdpPort();
  const config = [
    `port: ${port}`,
    'rtc:',
    '  tcp_port: 0',
    `  udp_port: ${udpPort}`,
    '  use_external_ip: false',
    '  enable_loopback_candidate: true',
    '  interfaces:',
    '    includes: [lo]',
    '  ips:',
    '    includes: [127.0.0.0/8]',
    'logging:',
    '  level: info',
  ].join('\n');
  const proc = await startDetached(
    'livekit-server',
    serverBin,
    ['--dev', '--bind', '127.0.0.1', '--node-ip', '127.0.0.1', '--config-body', config],
    { env: { ...process.env }, log: path.join(SERVICES_LOG_DIR, 'livekit.log') },
  );
  track(proc);
  const httpUrl = `http://127.0.0.1:${port}`;
  try {
    await waitReady(proc, () => livekitHealthy(httpUrl), { timeoutMs: 60_000, what: `GET ${httpUrl}/` });
  } catch (error) {
    const tail = logTail(proc.log, 200);
    if (/address already in use/i.test(tail)) {
      throw new Error(
        `livekit-server could not bind one of its ports (HTTP ${port}, ICE/UDP ${udpPort}) ` +
          `on 127.0.0.1: another process took it. Run the tests again. ${(error as Error).message}`,
      );
    }
    throw error;
  }
  return { proc, url: `ws://127.0.0.1:${port}`, httpUrl };
}

export async function livekitHealthy(httpUrl: string): Promise<boolean> {
  const response = await fetch(`${httpUrl}/`, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return true;
}
