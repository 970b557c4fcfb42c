import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { SourceChoices } from './source-choices';

function harness(options: { choiceTtlMs?: number; listingTtlMs?: number } = {}) {
  let now = Date.parse('2026-12-03T10:00:00.000Z');
  const choices = new SourceChoices({ clock: () => new Date(now), ...options });
  return { choices, advance: (ms: number) => (now += ms) };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('SourceChoices', () => {
  it('hands a listed, chosen source to that window\'s next getDisplayMedia, once', () => {
    const { choices } = harness();
    choices.offer(1, ['screen:1:0', 'window:42:0']);
    const armed = choices.select(1, 'window:42:0', true);
    expect(armed).toMatchObject({ sourceId: 'window:42:0', systemAudio: true });
    expect(choices.take(1)).toEqual(armed);
    expect(choices.take(1)).toBeNull();
  });

  it('refuses an id it did not list to that window', () => {
    const { choices } = harness();
    choices.offer(1, ['screen:1:0']);
    expect(codeOf(() => choices.select(1, 'window:99:0', false))).toBe('NOT_FOUND');
    // Another window's listing does not count.
    expect(codeOf(() => choices.select(2, 'screen:1:0', false))).toBe('CONFLICT');
    expect(choices.take(1)).toBeNull();
  });

  it('lets a new listing replace the old one', () => {
    const { choices } = harness();
    choices.offer(1, ['window:7:0']);
    choices.offer(1, ['screen:1:0']);
    expect(codeOf(() => choices.select(1, 'window:7:0', false))).toBe('NOT_FOUND');
  });

  it('expires a choice nobody used, and a listing left open too long', () => {
    const { choices, advance } = harness({ choiceTtlMs: 1_000, listingTtlMs: 5_000 });
    choices.offer(1, ['screen:1:0']);
    choices.select(1, 'screen:1:0', false);
    advance(1_000);
    expect(choices.take(1)).toBeNull();
    advance(4_000);
    expect(codeOf(() => choices.select(1, 'screen:1:0', false))).toBe('CONFLICT');
  });

  it('keeps windows apart and forgets a closed one', () => {
    const { choices } = harness();
    choices.offer(1, ['screen:1:0']);
    choices.offer(2, ['screen:1:0']);
    choices.select(1, 'screen:1:0', false);
    expect(choices.take(2)).toBeNull();
    choices.forget(1);
    expect(choices.take(1)).toBeNull();
    expect(codeOf(() => choices.select(1, 'screen:1:0', false))).toBe('CONFLICT');
  });
});
