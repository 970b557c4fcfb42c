import { describe, expect, it } from 'vitest';
import { DEFAULT_KEY_TEMPLATE } from './profile';
import { exampleKey, renderKey, validateKeyTemplate } from './key-template';

const facts = { profile: 'acme', recordingId: 'rec_abc123def45', sessionId: 'call/42', recordedAt: '2026-03-04T23:30:00.000Z', artifact: 'recording.mp4' };

describe('key templates', () => {
  it('renders the default template from the recording start in UTC', () => {
    expect(renderKey(DEFAULT_KEY_TEMPLATE, facts)).toBe('acme/2026/03/04/rec_abc123def45/recording.mp4');
  });

  it('files a recording under its ticket reference, and under no-ticket without one', () => {
    const template = '{ticket}/{recordingId}/{artifact}';
    expect(validateKeyTemplate(template)).toBeNull();
    expect(renderKey(template, { ...facts, ticket: 'INC0012345' })).toBe('INC0012345/rec_abc123def45/recording.mp4');
    expect(renderKey(template, facts)).toBe('no-ticket/rec_abc123def45/recording.mp4');
    expect(renderKey(template, { ...facts, ticket: null })).toBe('no-ticket/rec_abc123def45/recording.mp4');
  });

  it('keeps a session id inside its own folder', () => {
    expect(renderKey('{sessionId}/{recordingId}/{artifact}', facts)).toBe('call_42/rec_abc123def45/recording.mp4');
    expect(renderKey('{sessionId}/{recordingId}/{artifact}', { ...facts, sessionId: '../..' })).toBe('__../rec_abc123def45/recording.mp4');
  });

  it('accepts the default and refuses templates that could collide or escape', () => {
    expect(validateKeyTemplate(DEFAULT_KEY_TEMPLATE)).toBeNull();
    expect(validateKeyTemplate('fixed/{artifact}')).toMatch(/recordingId/);
    expect(validateKeyTemplate('/{recordingId}/{artifact}')).toMatch(/start with/);
    expect(validateKeyTemplate('{bucket}/{recordingId}/{artifact}')).toMatch(/unknown placeholder \{bucket\}/);
    expect(validateKeyTemplate('a/../{recordingId}/{artifact}')).toMatch(/\.\./);
    expect(validateKeyTemplate('a//{recordingId}/{artifact}')).toMatch(/empty folder/);
    expect(validateKeyTemplate('a/{recordingId/{artifact}')).not.toBeNull();
  });

  it("renders the example key the Destinations page shows with the delivery's own renderer", () => {
    const at = new Date('2026-12-31T23:59:59.000Z');
    const shown = exampleKey('{profile}/{yyyy}-{mm}/{recordingId}/{artifact}', 'acme', at);
    expect(shown).toEqual({ ok: true, key: 'acme/2026-12/rec_example0001/recording.mp4' });
    if (!shown.ok) throw new Error('unreachable');
    expect(shown.key).toBe(renderKey('{profile}/{yyyy}-{mm}/{recordingId}/{artifact}', { profile: 'acme', recordingId: 'rec_example0001', sessionId: null, recordedAt: at.toISOString(), artifact: 'recording.mp4' }));
    expect(exampleKey(DEFAULT_KEY_TEMPLATE, 'acme', at, 'snapshot.jpg')).toEqual({ ok: true, key: 'acme/2026/12/31/rec_example0001/snapshot.jpg' });
    const bad = exampleKey('{profile}/{artifact}', 'acme', at);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toMatch(/recordingId/);
  });
});
