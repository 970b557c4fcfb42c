// requireConsent is enforced by the engine (issue 17): through the web shell's contract, exactly as the
// renderer talks to it, a session recording is refused until a remote participant has been notified (a
// consent.shown in the audit chain), the renderer cannot switch the notice off, and the profile it reads
// tells it the policy wants the notice. Without the policy nothing changes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../main/core/config/policy';
import { createEngine, type Engine } from '../../main/engine';
import { startWebShell, type WebShell } from '../../main/web/server';
import { connectContract, type ContractClient } from '../support/contract-client';
import { makeTempHome, REPO_ROOT } from '../support/temp-home';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function shellWith(policy: unknown | null): Promise<{ client: ContractClient; engine: Engine }> {
  const home = makeTempHome('fieldtape-consent-');
  cleanups.push(() => home.cleanup());
  const env: NodeJS.ProcessEnv = {};
  if (policy !== null) {
    const file = path.join(home.dir, 'policy.json');
    fs.writeFileSync(file, JSON.stringify(policy));
    env.FIELDTAPE_POLICY_FILE = file;
  }
  const engine = createEngine({ dataDir: path.join(home.dir, 'data'), host: 'web', policy: loadPolicy({ sources: [], env, packaged: false }) });
  const shell: WebShell = await startWebShell({ engine, port: 0, rendererDir: path.join(REPO_ROOT, 'dist', 'renderer') });
  const client = await connectContract(shell.port, shell.token);
  cleanups.push(async () => {
    client.close();
    await shell.close();
    await engine.close();
  });
  return { client, engine };
}

const MIME = 'video/webm;codecs=vp8,opus';

describe('requireConsent through the contract', () => {
  it('refuses a session recording before the remote side is notified, and starts it after the notice', async () => {
    const { client, engine } = await shellWith({ requireConsent: true });

    // The renderer's own setting is off (the default) and it tries to turn it off explicitly too.
    const off = await client.call('session.configure', { requireRemoteNotice: false });
    expect(off).toEqual({ ok: false, error: { code: 'MANAGED_BY_POLICY', message: expect.stringMatching(/required by your organisation's policy \(requireConsent\) and cannot be turned off/) } });
    // What the renderer reads turns its notice flow on.
    const profile = await client.call<{ requireRemoteNotice: boolean }>('session.profile', {});
    expect(profile.ok && profile.value.requireRemoteNotice).toBe(true);
    const other = await client.call<{ requireRemoteNotice: boolean; recordPerParticipant: boolean }>('session.configure', { recordPerParticipant: false });
    expect(other.ok && other.value).toMatchObject({ requireRemoteNotice: true, recordPerParticipant: false });

    const refused = await client.call('recording.start', { mime: MIME, title: 'Session', sessionId: 'ses_consent_1' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'MANAGED_BY_POLICY',
        message: expect.stringMatching(/policy requires the other participants to be notified.*session ses_consent_1.*"Recording may start only after every participant has been notified"/),
      },
    });
    expect(engine.recordings.list(10)).toEqual([]);

    // A participant's notice of ANOTHER session does not count; 'participant-left' is not a notice.
    await client.call('session.consent', { sessionId: 'ses_other', participant: 'customer', kind: 'shown' });
    await client.call('session.consent', { sessionId: 'ses_consent_1', participant: 'customer', kind: 'participant-left' });
    expect((await client.call('recording.start', { mime: MIME, sessionId: 'ses_consent_1' })).ok).toBe(false);

    const notice = await client.call('session.consent', { sessionId: 'ses_consent_1', participant: 'customer', kind: 'shown' });
    expect(notice.ok).toBe(true);
    const started = await client.call<{ id: string; state: string }>('recording.start', { mime: MIME, title: 'Session', sessionId: 'ses_consent_1' });
    expect(started.ok && started.value.state).toBe('starting');
    expect(engine.recordings.list(10).map((r) => r.sessionId)).toEqual(['ses_consent_1']);

    // A solo recording (no session) is not a session recording: the consent rule does not apply.
    const solo = await client.call<{ state: string }>('recording.start', { mime: MIME, title: 'Solo', captures: ['screen'] });
    expect(solo.ok).toBe(true);
    for (const r of engine.recordings.list(10)) await client.call('recording.stop', { recordingId: r.id });
  });

  it('without the policy, the renderer\'s own setting decides: a session recording starts without a notice', async () => {
    const { client, engine } = await shellWith(null);
    const profile = await client.call<{ requireRemoteNotice: boolean }>('session.profile', {});
    expect(profile.ok && profile.value.requireRemoteNotice).toBe(false);
    expect((await client.call('session.configure', { requireRemoteNotice: false })).ok).toBe(true);
    const started = await client.call<{ state: string }>('recording.start', { mime: MIME, sessionId: 'ses_free' });
    expect(started.ok && started.value.state).toBe('starting');
    for (const r of engine.recordings.list(10)) await client.call('recording.stop', { recordingId: r.id });
  });
});
