import { describe, expect, it } from 'vitest';
import { DEFAULT_KEY_TEMPLATE } from '../../../shared/domain/profile';
import { renderKey, validateKeyTemplate } from './key-template';

const facts = { profile: 'acme', recordingId: 'rec_abc123def45', sessionId: 'call/42', recordedAt: '2026-03-04T23:30:00.000Z', artifact: 'recording.mp4' };

describe('key templates', () => {
  it('renders the default template from the recording start in UTC', () => {
    expect(renderKey(DEFAULT_KEY_TEMPLATE, facts)).toBe('acme/2026/03/04/rec_abc123def45/recording.mp4');
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
});
