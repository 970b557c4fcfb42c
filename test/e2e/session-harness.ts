// Shared by the session e2e tests and the session benchmark: a private livekit-server (its own ports, so
// restarting it never disturbs other tests), tokens minted with livekit-server-sdk, built web shells each
// with its own FIELDTAPE_HOME (one engine per participant, as on real machines), and Chromium pages that
// join through the real UI.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AccessToken } from 'livekit-server-sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';
import { AuditEventSchema, type AuditEvent } from '../../shared/domain/audit';
import { RecordingSnapshotSchema, type RecordingSnapshot } from '../../shared/domain/recording';
import { BIN_DIR, SERVICES_LOG_DIR } from '../services/paths';
import { freeTcpPort, freeUdpPort } from '../services/ports';
import { CLI, waitFor } from '../support/cli';
import { connectContract, type ContractClient } from '../support/contract-client';
import { makeTempHome } from '../support/temp-home';
import { startWebShellProcess, type RunningWebShell } from '../support/web-shell-process';

export const API_KEY = 'devkey';
export const API_SECRET = 'secret';

/** Chromium flags the session tests add: recording resumes after a reload without a click. */
export const SESSION_CHROMIUM_ARGS = ['--autoplay-policy=no-user-gesture-required'];

export interface PrivateLivekit {
  url: string;
  httpUrl: string;
  stop(): Promise<void>;
  /** Kills the server and starts it again on the same ports (all room state is lost). */
  restart(downMs?: number): Promise<void>;
}

export async function startPrivateLivekit(): Promise<PrivateLivekit> {
  const bin = path.join(BIN_DIR, 'server');
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: the integration global setup builds it (test/services).`);
  const port = await freeTcpPort();
  const udpPort = await freeUdpPort();
  const config = ['rtc:', '  tcp_port: 0', `  udp_port: ${udpPort}`, '  use_external_ip: false', '  enable_loopback_candidate: true', '  interfaces:', '    includes: [lo]', '  ips:', '    includes: [127.0.0.0/8]', 'logging:', '  level: warn'].join('\n');
  fs.mkdirSync(SERVICES_LOG_DIR, { recursive: true });
  const log = path.join(SERVICES_LOG_DIR, `livekit-session-${port}.log`);
  let child: ChildProcess | null = null;
  const httpUrl = `http://127.0.0.1:${port}`;
  const start = async () => {
    const out = fs.openSync(log, 'a');
    child = spawn(bin, ['--dev', '--bind', '127.0.0.1', '--node-ip', '127.0.0.1', '--port', String(port), '--config-body', config], { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const response = await fetch(`${httpUrl}/`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`private livekit-server did not start; see ${log}`);
      await sleep(200);
    }
  };
  const stop = async () => {
    const c = child as ChildProcess | null;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    stop,
    async restart(downMs = 1000) {
      await stop();
      await sleep(downMs);
      await start();
    },
  };
}

/**
 * A token as a token endpoint would issue it. `recorder`: the hidden participant that holds LiveKit's
 * recorder grant while a host records (renderer/features/session/recording/recorder-presence.ts); it
 * publishes and subscribes to nothing.
 */
export async function mintToken(room: string, identity: string, options: { ttl?: string | number; secret?: string; name?: string; canRecord?: boolean; recorder?: boolean } = {}): Promise<string> {
  const token = new AccessToken(API_KEY, options.secret ?? API_SECRET, {
    identity,
    name: options.name ?? identity,
    ttl: options.ttl ?? '30m',
    ...(options.canRecord !== undefined ? { metadata: JSON.stringify({ canRecord: options.canRecord }) } : {}),
  });
  if (options.recorder) token.addGrant({ roomJoin: true, room, recorder: true, hidden: true, canPublish: false, canSubscribe: false, canPublishData: false });
  else token.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true, canUpdateOwnMetadata: true });
  return token.toJwt();
}

export function inviteLink(url: string, token: string): string {
  return `fieldtape://join?url=${encodeURIComponent(url)}&token=${encodeURIComponent(token)}`;
}

export interface Participant {
  name: string;
  home: { dir: string; cleanup(): void };
  shell: RunningWebShell;
  context: BrowserContext;
  page: Page;
  log: string[];
}

export async function openParticipant(browser: Browser, name: string, shell?: { home: Participant['home']; shell: RunningWebShell }): Promise<Participant> {
  const home = shell?.home ?? makeTempHome(`fieldtape-session-${name}-`);
  const running = shell?.shell ?? (await startWebShellProcess(home.dir));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  page.on('crash', () => log.push('crash: the page crashed'));
  return { name, home, shell: running, context, page, log };
}

/** Opens the Session screen and joins with the invite link typed into the "Invite link" box. */
export async function joinWithInvite(p: Participant, invite: string): Promise<void> {
  await p.page.goto(p.shell.url);
  await p.page.getByRole('button', { name: 'Session', exact: true }).click();
  await p.page.getByRole('textbox', { name: 'Invite link' }).fill(invite);
  await p.page.getByRole('button', { name: 'Join', exact: true }).click();
  await p.page.getByRole('button', { name: 'Leave', exact: true }).waitFor({ timeout: 30_000 });
}

/** Opens the web shell with ?join=<link>: the Session screen opens with the invite filled in. */
export async function joinWithQuery(p: Participant, invite: string): Promise<void> {
  await p.page.goto(`${p.shell.url}&join=${encodeURIComponent(invite)}`);
  await p.page.getByRole('button', { name: 'Join', exact: true }).click();
  await p.page.getByRole('button', { name: 'Leave', exact: true }).waitFor({ timeout: 30_000 });
}

export async function closeParticipant(p: Participant): Promise<void> {
  await p.context.close().catch(() => undefined);
  await p.shell.stop();
  if (process.env.FIELDTAPE_KEEP_HOMES) console.log(`kept ${p.name}'s data folder: ${p.home.dir}`);
  else p.home.cleanup();
}

export async function contractOf(p: Participant): Promise<ContractClient> {
  const url = new URL(p.shell.url);
  return connectContract(Number(url.port), url.searchParams.get('token') ?? '');
}

export async function listRecordings(p: Participant): Promise<RecordingSnapshot[]> {
  const client = await contractOf(p);
  try {
    const result = await client.call('recording.list', { limit: 100 });
    if (!result.ok) throw new Error(result.error.message);
    return z.array(RecordingSnapshotSchema).parse(result.value);
  } finally {
    client.close();
  }
}

/** The audit chain of a participant's engine, read with the CLI (a second process on the same data). */
export function auditEvents(home: string, sessionId: string): AuditEvent[] {
  const r = spawnSync(process.execPath, [CLI, 'audit', 'list', '--session', sessionId, '--json'], { env: { ...process.env, FIELDTAPE_HOME: home }, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`fieldtape audit list failed: ${r.stderr}`);
  return z.array(AuditEventSchema).parse(JSON.parse(r.stdout));
}

/** ffprobe of a finished file: duration, stream types, and (optionally) the exact video frame count. */
export function artifact(recording: RecordingSnapshot, kind: string): string | null {
  return recording.artifacts.find((a) => a.kind === kind)?.path ?? null;
}

/** Once at least `atLeast` recordings exist and every one has finished finalizing (ready or failed). */
export function finalizedRecordings(p: Participant, atLeast: number, timeoutMs: number): Promise<RecordingSnapshot[]> {
  return waitFor(
    async () => {
      const all = await listRecordings(p);
      return all.length >= atLeast && all.every((r) => r.state === 'ready' || r.state === 'failed') ? all : null;
    },
    timeoutMs,
    `${atLeast} finalized recording${atLeast === 1 ? '' : 's'}`,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Draws a drag gesture on a participant's tile overlay (fractions of the tile). */
export async function drawOn(page: Page, tileLabel: string, from: [number, number], to: [number, number]): Promise<void> {
  const overlay = page.getByRole('figure', { name: tileLabel, exact: true }).locator('canvas.annotation-overlay');
  const box = await overlay.boundingBox();
  if (!box) throw new Error(`no tile named ${tileLabel}`);
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) {
    const f = i / 8;
    await page.mouse.move(...at([from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f]));
  }
  await page.mouse.up();
}
