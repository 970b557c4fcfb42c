// A real session in real Chromium against a real livekit-server: three participants with fake devices,
// each with their own Fieldtape web shell and engine. One annotates; the host records for 20 s while a late
// joiner comes and goes; everyone sees the banner and the indicator; the composite and the per-participant
// recordings finalize with the expected durations, audio and video, and the annotation sidecars; consent
// and leaving are in the host's audit chain.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AnnotationSidecarSchema } from '../../shared/domain/annotation';
import { BIN_DIR } from '../services/paths';
import {
  API_KEY,
  API_SECRET,
  artifact,
  auditEvents,
  drawOn,
  inviteLink,
  joinWithInvite,
  joinWithQuery,
  mintToken,
  openParticipant,
  sleep,
  finalizedRecordings,
  type Participant,
} from './session-harness';
import { serveBareLivekitPage } from '../support/bare-livekit-page';
import { ffprobe } from '../support/media-check';
import { useSessionStage } from './session-stage';

const RECORD_MS = Number(process.env.FIELDTAPE_E2E_RECORD_MS ?? 20_000);

// LiveKit's own CLI publishing its demo media: a participant that is not our code. It is built into
// .cache/bin with the Go servers when its module can be fetched; the test says why when it cannot run.
const LK = path.join(BIN_DIR, 'lk');
const lkMissing = fs.existsSync(LK)
  ? null
  : `${LK} does not exist. It is built from github.com/livekit/livekit-cli/v2, which the Go module proxy here refuses (403), so the "participant that is not Fieldtape" test cannot run on this machine.`;
if (lkMissing) console.log(`skipping the lk participant test: ${lkMissing}`);

const stage = useSessionStage();

async function seesRecording(p: Participant): Promise<void> {
  await p.page.getByRole('alert').filter({ hasText: 'being recorded' }).waitFor({ timeout: 15_000 });
  await p.page.getByRole('status').filter({ hasText: /Recording \d\d:\d\d/ }).waitFor({ timeout: 15_000 });
}

describe('a recorded session', () => {
  it('records composite and per-participant files with annotations, banners, indicators and consent', { timeout: 300_000 }, async () => {
    const room = `e2e-${randomUUID().slice(0, 8)}`;
    const [host, ada, bob] = await Promise.all([openParticipant(stage.browser, 'host'), openParticipant(stage.browser, 'ada'), openParticipant(stage.browser, 'bob')]);
    stage.people.push(host, ada, bob);
    const [hostToken, adaToken, bobToken] = await Promise.all(['host', 'ada', 'bob'].map((id) => mintToken(room, id)));

    try {
      await joinWithInvite(host, inviteLink(stage.livekit.url, hostToken!));
      await joinWithQuery(ada, inviteLink(stage.livekit.url, adaToken!));
      for (const p of [host, ada]) await p.page.getByRole('figure').nth(1).waitFor({ timeout: 20_000 });

      // Ada marks the host's tile before recording starts: the mark is in the recording from t = 0.
      await drawOn(ada.page, 'host', [0.2, 0.2], [0.6, 0.5]);
      await ada.page.getByRole('button', { name: 'Rectangle' }).click();
      await drawOn(ada.page, 'ada', [0.3, 0.3], [0.7, 0.7]);

      await host.page.getByRole('button', { name: 'Start recording' }).click();
      const t0 = Date.now();
      await Promise.all([seesRecording(host), seesRecording(ada)]);
      await ada.page.getByRole('button', { name: 'I understand' }).click();

      // Bob joins late: his own recording starts when he joins, and he sees the recording at once.
      await joinWithInvite(bob, inviteLink(stage.livekit.url, bobToken!));
      const bobJoined = Date.now();
      await seesRecording(bob);
      // The app publishes bob's microphone first and his camera a moment later (seconds, on a loaded
      // machine); until the host sees the camera, his own file is audio-only (participant-media.ts), then
      // it continues with video. This test is about a participant with a camera: his stay counts from then.
      const bobOnHost = host.page.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: /^bob/ });
      await bobOnHost.filter({ hasText: 'camera on' }).waitFor({ timeout: 30_000 });
      const bobCameraSeen = Date.now();
      await ada.page.getByRole('figure', { name: 'bob', exact: true }).waitFor({ timeout: 20_000 });
      await ada.page.getByRole('button', { name: 'Arrow' }).click();
      // The arrow is finished somewhere between these two moments (the page's clock is this machine's).
      const arrowBegun = Date.now();
      await drawOn(ada.page, 'bob', [0.1, 0.8], [0.5, 0.4]);
      const arrowFinished = Date.now();

      // Bob leaves before the end: his recording ends, and his leaving is audited. (On a loaded machine
      // joining can take long; bob still stays at least 5 s with his camera on and the recording goes on
      // 3 s after he left.)
      await sleep(Math.max(0, t0 + RECORD_MS - 5_000 - Date.now(), bobCameraSeen + 5_000 - Date.now()));
      await bob.page.getByRole('button', { name: 'Leave', exact: true }).click();
      const bobLeft = Date.now();

      await sleep(Math.max(0, t0 + RECORD_MS - Date.now(), bobLeft + 3_000 - Date.now()));
      await host.page.getByRole('button', { name: 'Stop recording' }).click();
      const t1 = Date.now();
      await host.page.getByRole('button', { name: 'Start recording' }).waitFor({ timeout: 120_000 });

      const recordings = await finalizedRecordings(host, 4, 120_000);
      expect(recordings.map((r) => (r.detail.status === 'failed' ? `${r.participant}: ${r.detail.error.message}` : r.state))).toEqual(['ready', 'ready', 'ready', 'ready']);
      const sessionId = recordings[0]!.sessionId!;
      expect(new Set(recordings.map((r) => r.sessionId))).toEqual(new Set([sessionId]));

      const composite = recordings.find((r) => r.participant === null)!;
      const of = (identity: string) => recordings.find((r) => r.participant === identity)!;
      // Expected durations: how long each recorder ran by the host page's clock (its start and stop
      // events), and, more loosely, the test's own clicks (a loaded machine delays a click's handler).
      const recordedMs = async (id: string) => Number(await host.page.locator(`[data-recording-id="${id}"]`).getAttribute('data-recorded-ms'));
      const clicks = { composite: (t1 - t0) / 1000, host: (t1 - t0) / 1000, ada: (t1 - t0) / 1000, bob: (bobLeft - bobJoined) / 1000 };
      const report: Record<string, unknown> = { clicks };
      for (const [name, rec] of [
        ['composite', composite],
        ['host', of('host')],
        ['ada', of('ada')],
        ['bob', of('bob')],
      ] as const) {
        const file = artifact(rec, 'mp4');
        expect(file, `${name} has an MP4`).toBeTruthy();
        const info = ffprobe(file!);
        const ran = (await recordedMs(rec.id)) / 1000;
        report[name] = { ...info, recorderRanSec: ran };
        console.log(name, JSON.stringify(report[name]), rec.segments, 'segments');
        expect(info.types.sort(), `${name} has audio and video`).toEqual(['audio', 'video']);
        // Present means present through the recording, not a frame or two: a stream of one frame (seen
        // when the late joiner's camera never reached the host and finalize copied the still image's sparse
        // frames) passes the line above. How many frames there are per second depends on the machine (the
        // benchmark measures it); half the file is a presence check.
        for (const type of ['audio', 'video']) {
          const streamSec = Number(info.streamDurations.find((d) => d.startsWith(`${type}:`))?.split(':')[1]);
          expect(streamSec, `${name}: its ${type} lasts ${streamSec} s of ${info.durationSec} s`).toBeGreaterThanOrEqual(info.durationSec / 2);
        }
        expect(Math.abs(info.durationSec - ran), `${name}: ${info.durationSec} s in the file, recorder ran ${ran} s`).toBeLessThanOrEqual(1);
        expect(Math.abs(info.durationSec - clicks[name]), `${name}: ${info.durationSec} s vs ${clicks[name]} s between clicks`).toBeLessThanOrEqual(3);
      }
      console.log('session recording durations', JSON.stringify(report));

      // The sidecars: the composite has every mark; each participant's has the marks on their tile.
      const sidecar = (rec: (typeof recordings)[number]) => AnnotationSidecarSchema.parse(JSON.parse(fs.readFileSync(artifact(rec, 'annotations')!, 'utf8')));
      const compositeMarks = sidecar(composite).events.filter((e) => e.op.op === 'add');
      expect(compositeMarks.map((e) => e.op.op === 'add' && e.op.stroke.tool).sort()).toEqual(['arrow', 'pen', 'rect']);
      // The arrow is stamped when ada drew it, on the session's clock (not when it reached the busy host),
      // within 0.25 s; not at the recording's start like the marks made before it.
      const arrowT = compositeMarks.find((e) => e.op.op === 'add' && e.op.stroke.tool === 'arrow')!.t;
      const compositeStart = Date.parse(sidecar(composite).recordingStartedAt);
      const drawn = { from: (arrowBegun - compositeStart) / 1000, to: (arrowFinished - compositeStart) / 1000 };
      expect(arrowT, `arrow at t=${arrowT} s, drawn between ${drawn.from} and ${drawn.to} s`).toBeGreaterThanOrEqual(drawn.from - 0.25);
      expect(arrowT, `arrow at t=${arrowT} s, drawn between ${drawn.from} and ${drawn.to} s`).toBeLessThanOrEqual(drawn.to + 0.25);
      expect(arrowT).toBeGreaterThan(0.5);
      expect(sidecar(of('host')).events.map((e) => e.op.op === 'add' && e.op.stroke.tool)).toEqual(['pen']);
      expect(sidecar(of('bob')).events.map((e) => e.op.op === 'add' && e.op.stroke.tool)).toEqual(['arrow']);
      expect(sidecar(composite)).toMatchObject({ sessionId, kind: 'composite', coordinates: 'normalized-content' });

      // Consent and leaving, in the host's audit chain.
      await host.page.getByRole('button', { name: 'Leave', exact: true }).click();
      await ada.page.getByRole('button', { name: 'Leave', exact: true }).click();
      const audit = auditEvents(host.home.dir, sessionId);
      const has = (type: string, participant: string) => audit.some((e) => e.type === type && e.data.participant === participant);
      expect(has('consent.shown', 'ada')).toBe(true);
      expect(has('consent.acknowledged', 'ada')).toBe(true);
      expect(has('consent.shown', 'bob')).toBe(true);
      expect(has('consent.participant-left', 'bob')).toBe(true);
      expect(auditEvents(ada.home.dir, sessionId).some((e) => e.type === 'consent.acknowledged' && e.data.participant === 'ada')).toBe(true);
    } catch (error) {
      for (const p of stage.people) if (p.log.length) console.log(`--- ${p.name} console ---\n${p.log.slice(-200).join('\n')}`);
      await host.page.screenshot({ path: '/tmp/session-host.png' }).catch(() => undefined);
      throw error;
    }
  });

  it.skipIf(lkMissing !== null)('shows a participant that is not Fieldtape (lk publishing demo media) in the composite', { timeout: 240_000 }, async () => {
    await recordsForeignParticipant('lk-bot', async (room) => {
      const bot = spawn(LK, ['room', 'join', '--url', stage.livekit.url, '--api-key', API_KEY, '--api-secret', API_SECRET, '--identity', 'lk-bot', '--publish-demo', room], { stdio: ['ignore', 'pipe', 'pipe'] });
      let botLog = '';
      bot.stdout!.on('data', (d: Buffer) => (botLog += d.toString()));
      bot.stderr!.on('data', (d: Buffer) => (botLog += d.toString()));
      return { log: () => botLog.slice(-4000), stop: async () => void bot.kill('SIGTERM') };
    });
  });

  // Where lk cannot be built, a participant that is still not Fieldtape: the bare livekit-client page,
  // publishing Chromium's fake camera (a moving picture) and answering none of Fieldtape's data messages.
  it('shows a participant that is not Fieldtape (a bare livekit-client page) in the composite', { timeout: 240_000 }, async () => {
    await recordsForeignParticipant('bare-client', async (room) => {
      const server = await serveBareLivekitPage();
      const context = await stage.browser.newContext();
      const page = await context.newPage();
      const log: string[] = [];
      page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
      await page.goto(server.url);
      await page.waitForFunction(() => typeof window.lkJoin === 'function');
      const token = await mintToken(room, 'bare-client');
      await page.evaluate(([url, t]) => window.lkJoin(url!, t!), [stage.livekit.url, token]);
      await page.evaluate(() => window.lkPublishCamera());
      return {
        log: () => log.slice(-100).join('\n'),
        stop: async () => {
          await page.evaluate(() => window.lkLeave()).catch(() => undefined);
          await context.close();
          await server.close();
        },
      };
    });
  });
});

interface ForeignParticipant {
  log(): string;
  stop(): Promise<void>;
}

/**
 * The host records a session with one participant that is not a Fieldtape app; that participant's moving
 * video is in the composite and it gets its own recording.
 */
async function recordsForeignParticipant(identity: string, join: (room: string) => Promise<ForeignParticipant>): Promise<void> {
  const room = `foreign-${randomUUID().slice(0, 8)}`;
  const host = await openParticipant(stage.browser, `host-${identity}`);
  stage.people.push(host);
  const foreign = await join(room);
  try {
    await joinWithInvite(host, inviteLink(stage.livekit.url, await mintToken(room, `host-${identity}`)));
    await host.page.getByRole('figure', { name: identity, exact: true }).waitFor({ timeout: 60_000 });
    await host.page.getByRole('button', { name: 'Start recording' }).click();
    await seesRecording(host);
    await sleep(10_000);
    await host.page.getByRole('button', { name: 'Stop recording' }).click();
    const recordings = await finalizedRecordings(host, 3, 120_000);
    const composite = recordings.find((r) => r.participant === null)!;
    expect(composite.state).toBe('ready');
    expect(recordings.find((r) => r.participant === identity)?.state).toBe('ready');
    // The participant's tile in the composite shows moving video, not the still placeholder: its pixels
    // differ between moments of the file. Two tiles in the 1280×720 grid (renderer/lib/layout.ts): the
    // second is 638×359 at (642, 181). Chromium's fake camera draws a "pacman" in the middle of its frame
    // (radius a quarter of the frame's height: about 90 px in the tile) whose mouth sweeps at 600°/s and
    // wraps every 361°; the crop is the square in the middle of the tile, mostly inside that circle.
    // How much of it changes between two moments depends on where in the sweep each falls, which is
    // chance: one pair 4 s apart can land almost on the same angle. So the frame at 3 s is compared with
    // several later moments whose sweep angles differ (0.3 s is 180° on, 1.45 s is 148°, …) and the
    // largest change counts. A frozen tile changes by encoder noise only (< 1) at every moment.
    const rect = { x: 881, y: 280, w: 160, h: 160 };
    const crop = (at: number) =>
      spawnSync('ffmpeg', ['-v', 'error', '-ss', String(at), '-i', artifact(composite, 'mp4')!, '-frames:v', '1', '-vf', `crop=${rect.w}:${rect.h}:${rect.x}:${rect.y},scale=40:40`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 20 }).stdout;
    const first = crop(3);
    expect(first.length).toBe(40 * 40);
    const changes = [3.3, 3.65, 4.45, 5.2, 6.85].map((at) => {
      const later = crop(at);
      return first.reduce((sum, v, i) => sum + Math.abs(v - later[i]!), 0) / first.length;
    });
    const meanDiff = Math.max(...changes);
    console.log(`${identity} tile: mean pixel change from 3 s at 3.3, 3.65, 4.45, 5.2, 6.85 s`, changes.map((c) => c.toFixed(2)).join(', '));
    expect(meanDiff).toBeGreaterThan(2);
    await host.page.getByRole('button', { name: 'Leave', exact: true }).click();
  } catch (error) {
    console.log(`--- ${identity} ---\n${foreign.log()}`);
    throw error;
  } finally {
    await foreign.stop();
  }
}
